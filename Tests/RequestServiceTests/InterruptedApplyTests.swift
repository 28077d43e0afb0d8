import Foundation
import PorticoAPI
import PorticoAWS
import PorticoCore
import PorticoRedis
import PorticoService
import PorticoTestSupport
import Proto
import Testing

@testable import RequestService

/// `portico-server requests` killed mid-apply (`kill -9` after the claim and the first change's
/// write, held there by the test-only `PORTICO_TEST_APPLY_HANG_AFTER=1`), then started again:
/// its recovery pass finds the stale claim, reads AWS back, marks the inline policy applied
/// without writing it again, applies the bucket policy, and approves — each change applied
/// exactly once (one `apply` audit event each, one Portico statement in the bucket policy).
@Suite(.serialized) struct InterruptedApplyTests {
    typealias S = RequestStack

    static func startProcess(_ stack: RequestStack, name: String, hangAfter: Int?) throws -> ManagedProcess {
        let (path, environment) = try stack.processConfiguration()
        var env = environment
        if let hangAfter { env["PORTICO_TEST_APPLY_HANG_AFTER"] = String(hangAfter) }
        let process = try ManagedProcess(
            executable: try BuiltProduct.path("portico-server"), arguments: ["requests", "--config", path], environment: env, name: name)
        try process.start()
        return process
    }

    /// Waits until the process answers RPCs (a detail of no request: 404).
    static func awaitAnswering(_ stack: RequestStack, _ process: ManagedProcess) async throws {
        try await awaitCondition("portico-server requests answers", timeout: 60, every: 0.2) {
            guard process.isRunning else { throw TestServerError.notReady("portico-server exited: \(process.tail())", seconds: 0) }
            let reply = try? await stack.call(RequestsMethods.getRequest, user: "carol@example.com", id: "no-such-request", body: [String: String]())
            return reply?.status == 404
        }
    }

    @Test func aRequestsProcessKilledMidApplyIsRecoveredOnRestartWithEachChangeAppliedOnce() async throws {
        let stack = try await RequestStack.start(configure: { _ in }, inProcessRequests: false)
        var processes: [ManagedProcess] = []
        do {
            let first = try Self.startProcess(stack, name: "requests-hanging", hangAfter: 1)
            processes.append(first)
            try await Self.awaitAnswering(stack, first)

            let created = try await stack.create([S.inline("read-shared", ["s3:GetObject"], on: ["arn:aws:s3:::\(S.bucket)/*"])])
            let id = try #require(created.requestID)
            // The approval never answers: its process stops after the first write, and is killed.
            let approval = Task { try? await stack.approve(id) }
            let iam = stack.iam()
            try await awaitCondition("the inline policy is written and the apply stopped", timeout: 60, every: 0.2) {
                let names = (try? await iam.listRolePolicyNames(roleName: "alice-role")) ?? []
                return names.contains("read-shared") && first.tail(lines: 400).contains("PORTICO_TEST_APPLY_HANG_AFTER: apply stopped")
            }
            first.stop(signal: SIGKILL)
            approval.cancel()

            let interrupted = try #require(try await stack.store().get(id), "read from the table: no process serves it now")
            #expect(interrupted.applyingBy == "bob@example.com", "the claim is left in the request")
            #expect(interrupted.requestStatus == .pending)
            let s3 = S3Client(client: stack.spokes.client(account: S.accountB))
            #expect(try await s3.getBucketPolicy(bucket: S.bucket) == nil, "the bucket policy was never reached")

            let second = try Self.startProcess(stack, name: "requests-restarted", hangAfter: nil)
            processes.append(second)
            try await Self.awaitAnswering(stack, second)
            try await awaitCondition("the restarted process recovers the apply", timeout: 90, every: 0.5) {
                (try? await stack.detail(id))?.requestStatus == .approved
            }
            let recovered = try await stack.detail(id)
            #expect(recovered.applyingBy == nil)
            #expect(recovered.reviewer == "bob@example.com")
            #expect(recovered.changes.changes.allSatisfy { $0.status == .applied }, "\(recovered.changes.changes.map { ($0.changeType, $0.status) })")

            let statements = PolicyDocumentCheck.asList(DocumentHash.parse(try await s3.getBucketPolicy(bucket: S.bucket))["Statement"])
            #expect(statements.count == 1)
            #expect(try await iam.getRolePolicy(roleName: "alice-role", policyName: "read-shared").document.contains("s3:GetObject"))

            // Exactly one write per change: the inline policy by the killed process, found applied
            // on recovery; the bucket policy by the recovery.
            let redis = RedisClient(configuration: RedisConfiguration(host: stack.redis.host, port: stack.redis.port), logger: RequestStack.logger("audit"))
            let events = try await AuditStreamReader(redis: redis, stream: stack.configuration.aws.audit.stream).allEntries().compactMap(\.event)
            func field(_ event: ChainedAuditEvent, _ name: String) -> String? { event.fields.first { $0.name == name }?.value }
            let mine = events.filter { field($0, "request_id") == id }
            let applies = mine.filter { field($0, "event") == "policy_request.apply" }
            let found = mine.filter { field($0, "event") == "policy_request.apply_recovered" }
            #expect(applies.compactMap { field($0, "change_type") }.sorted() == ["inline_policy", "resource_policy"], "one write each")
            #expect(found.compactMap { field($0, "change_type") } == ["inline_policy"])
            #expect(mine.contains { field($0, "event") == "policy_request.approve" && field($0, "user") == "bob@example.com" })
            await redis.shutdown()
        } catch {
            for process in processes { process.stop(signal: SIGKILL) }
            await stack.stop()
            throw error
        }
        for process in processes { try await runBlocking { process.stop(signal: SIGTERM) } }
        await stack.stop()
    }
}
