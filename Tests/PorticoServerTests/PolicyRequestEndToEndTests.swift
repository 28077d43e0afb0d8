import Foundation
import PorticoAPI
@testable import PorticoAWS
import PorticoCore
import PorticoHTTP
import PorticoRedis
import PorticoStackSupport
import PorticoTestSupport
import Testing

/// Issue 12's first acceptance point through `portico-server all` against signature-checking moto
/// and redis-server, with a loopback Slack stand-in and moto's SES (the mail read back from moto's
/// model dump): alice asks for `s3:GetObject` on a bucket in another account; the creation
/// answer already carries the bucket's generated policy; alice may neither approve nor apply her
/// own request; bob (`can_admin_policies`) approves; moto then holds the role's inline policy and
/// the bucket policy with exactly one statement added; Slack and e-mail reached the right people;
/// the audit stream has every step. Then a temporary grant of a managed policy is detached after it
/// ends (how soon is printed), the request is `expired`, and alice was told.
@Suite struct PolicyRequestEndToEndTests {
    static let bucket = "beta-shared-reports"
    static let policyName = "read-beta-reports"
    static let sender = "portico@example.com"
    static let reviewers = "policy-reviewers"
    static let auditStream = "portico:audit:credentials"
    /// `policies.expiry_worker_interval_seconds` of the run.
    static let expiryInterval = 2
    /// The statement the bucket already had: the owner's own, which must survive the merge.
    static let ownerStatement = """
        {"Version":"2012-10-17","Statement":[{"Sid":"Owner","Effect":"Allow",\
        "Principal":{"AWS":"arn:aws:iam::\(E2EEstate.beta):root"},"Action":"s3:*",\
        "Resource":["arn:aws:s3:::\(bucket)","arn:aws:s3:::\(bucket)/*"]}]}
        """

    @Test func aliceAsksBobApprovesAndMotoSlackMailAndTheAuditStreamShowExactlyWhatWasDone() async throws {
        let slack = try await LoopbackHTTPServer.start { _ in .text("ok") }
        let options = RunningPortico.Options(
            devUsers: [
                .init(email: E2EEstate.alice, groups: ["groupA"]), .init(email: E2EEstate.bob, groups: ["groupB", Self.reviewers]),
            ],
            configOverrides: [
                "groups": "{can_admin_policies: [\(Self.reviewers)]}",
                "slack": "{webhook_url: \"\(slack.baseURL)/services/T0/B0/portico\", notifications_enabled: true}",
                "ses": "{sender: \(Self.sender), region: us-east-1, reviewers: [\(E2EEstate.bob)]}",
                "policies": "{role_name: \(E2EEstate.spokeRoleName), min_expiry_seconds: 0, expiry_worker_interval_seconds: \(Self.expiryInterval)}",
                // The bucket is made after the first sweep: S3 is swept again every 2 s.
                "cache": "{regions: [us-east-1], scheduler_tick: 1, intervals: {s3: 2}}",
            ])
        let portico = try await RunningPortico.start(options)
        do {
            try await Self.check(portico, slack: slack)
        } catch {
            Issue.record("\(error); portico-server: \(portico.server.tail(lines: 30))")
        }
        await portico.stop()
        await slack.shutdown()
    }

    static func check(_ portico: RunningPortico, slack: LoopbackHTTPServer) async throws {
        let hub = AWSClient(
            configuration: AWSConfiguration(region: "us-east-1", endpointURL: portico.moto.endpoint, maxAttempts: 1),
            credentials: StaticCredentialProvider(portico.hubKey), http: portico.http, logger: portico.logger)
        var verify = QueryParameters()
        verify.set("EmailAddress", sender)
        _ = try await QueryProtocol.call(hub, service: .ses, action: "VerifyEmailIdentity", parameters: verify)
        let spokes = SpokeSessions(hub: hub, roleName: E2EEstate.spokeRoleName, sessionName: "e2e-tests")
        let s3 = S3Client(client: spokes.client(account: E2EEstate.beta))
        try await s3.createBucket(bucket: bucket)
        try await s3.putBucketPolicy(bucket: bucket, policy: ownerStatement)

        let gateway = GatewayCaller(portico: portico)
        let alice = try await gateway.signInBrowser(E2EEstate.alice)
        let bob = try await gateway.signInBrowser(E2EEstate.bob)
        let role = E2EEstate.webAdmin

        // A dry run stores nothing; once the cache has swept the new bucket it carries the
        // bucket's real policy plus one statement for the role.
        var dryRun = request(for: role.arn)
        dryRun.dryRun = true
        try await awaitCondition("the cache knowing \(bucket)'s policy", timeout: 60, every: 0.5) {
            let answer = try await gateway.call("/api/v2/request", method: "POST", as: alice, json: dryRun)
            guard answer.status == 200 else { return false }
            let created = try GatewayCaller.decoded(PolicyRequestCreationResponse.self, answer)
            #expect(created.requestCreated == false)
            return created.extendedRequest.changes.changes.contains { $0.changeType == "resource_policy" && $0.supported == true }
        }

        let answer = try await gateway.call("/api/v2/request", method: "POST", as: alice, json: request(for: role.arn))
        #expect(answer.status == 200, "\(answer.bodyText)")
        let created = try GatewayCaller.decoded(PolicyRequestCreationResponse.self, answer)
        #expect(created.requestCreated)
        let id = try #require(created.requestID)
        let generated = try #require(created.extendedRequest.changes.changes.first { $0.changeType == "resource_policy" })
        #expect(generated.arn == "arn:aws:s3:::\(bucket)")
        #expect(generated.id != nil, "a generated change is addressed by id like the others")
        let proposed = generated.policy?.policyDocument["Statement"]?.arrayValue ?? []
        #expect(proposed.count == 2, "the owner's statement and one for the role: \(proposed)")
        #expect(proposed.contains { $0["Sid"] == "Owner" })
        #expect(proposed.contains { $0["Principal"]?["AWS"]?.arrayValue == [.string(role.arn)] })

        // alice may not decide on her own request, nor apply a change of it.
        let approve = PolicyRequestModification(.init(command: "approve_request"))
        #expect(try await gateway.call("/api/v2/requests/\(id)", method: "PUT", as: alice, json: approve).status == 403)
        let applyOne = PolicyRequestModification(.init(command: "apply_change", changeID: generated.id))
        let selfApply = try await gateway.call("/api/v2/requests/\(id)", method: "PUT", as: alice, json: applyOne)
        #expect(selfApply.status == 403, "\(selfApply.bodyText)")
        let iam = IAMClient(client: spokes.client(account: E2EEstate.alpha))
        await #expect(throws: AWSError.self) { _ = try await iam.getRolePolicy(roleName: role.name, policyName: policyName) }

        let approval = try await gateway.call("/api/v2/requests/\(id)", method: "PUT", as: bob, json: approve)
        #expect(approval.status == 200, "\(approval.bodyText)")
        let outcome = try GatewayCaller.decoded(PolicyRequestModificationResponse.self, approval)
        #expect(outcome.errors == 0, "\(outcome.actionResults)")
        #expect(outcome.request?.requestStatus == .approved)
        #expect(outcome.request?.changes.changes.allSatisfy { $0.status == .applied } == true)

        // What AWS now holds: the inline policy, and the bucket policy with one statement added.
        let inline = try await iam.getRolePolicy(roleName: role.name, policyName: policyName)
        #expect(inline.document.contains("s3:GetObject"))
        let stored = try #require(try await s3.getBucketPolicy(bucket: bucket))
        let statements = (try JSONSerialization.jsonObject(with: Data(stored.utf8)) as? [String: Any])?["Statement"] as? [[String: Any]] ?? []
        #expect(statements.count == 2, "\(stored)")
        #expect(statements.contains { $0["Sid"] as? String == "Owner" })
        #expect(stored.contains(role.arn))

        // Slack heard of the creation and of the decision; mail went to the reviewer on creation
        // and to the requester on the decision.
        try await awaitCondition("two Slack posts", timeout: 20, every: 0.2) { slack.requests.count >= 2 }
        let posts = slack.requests.map(\.bodyText)
        #expect(slack.requests.allSatisfy { $0.path == "/services/T0/B0/portico" && $0.method == "POST" })
        #expect(posts.contains { $0.contains("A new request has been created") && $0.contains(E2EEstate.alice) })
        #expect(posts.contains { $0.contains("approved (by \(E2EEstate.bob))") })
        var mail: [(to: [String], subject: String)] = []
        try await awaitCondition("two e-mails in moto's SES", timeout: 20, every: 0.3) {
            mail = try await sentMail(portico)
            return mail.count >= 2
        }
        #expect(mail.contains { $0.to == [E2EEstate.bob] && $0.subject.contains("has been created") })
        #expect(mail.contains { $0.to == [E2EEstate.alice] && $0.subject.contains("updated to approved") })

        // The audit stream: the creation, the refused self-approval left nothing, the approval
        // and one apply per change, each naming the request.
        let events = try await auditEvents(portico).filter { $0["request_id"] == id }
        let steps = events.compactMap { $0["event"] }
        #expect(steps.first == "policy_request.create", "\(steps)")
        #expect(steps.filter { $0 == "policy_request.apply" }.count == 2, "\(steps)")
        #expect(steps.contains("policy_request.approve"), "\(steps)")
        #expect(events.filter { $0["event"] == "policy_request.approve" }.allSatisfy { $0["user"] == E2EEstate.bob })
        #expect(!events.contains { $0["user"] == E2EEstate.alice && $0["event"] != "policy_request.create" })

        try await checkTemporaryGrant(portico, gateway: gateway, alice: alice, bob: bob, iam: iam, role: role)
    }

    /// A managed policy granted until a few seconds from now is detached within the expiry
    /// worker's interval after that, the request ends `expired`, and the requester is mailed.
    static func checkTemporaryGrant(
        _ portico: RunningPortico, gateway: GatewayCaller, alice: GatewayCaller.Credential, bob: GatewayCaller.Credential,
        iam: IAMClient, role: SeededMoto.Role
    ) async throws {
        let managed = try await iam.createPolicy(name: "temporary-read", document: SeededMoto.allowAll)
        let ends = Date().addingTimeInterval(8)
        var grant = PolicyRequestChange(principal: PolicyRequestPrincipal(principalARN: role.arn), changeType: .managedPolicy)
        grant.arn = managed.arn
        grant.action = "attach"
        grant.expiresAt = ISO8601DateFormatter().string(from: ends)
        let answer = try await gateway.call(
            "/api/v2/request", method: "POST", as: alice, json: PolicyRequestCreation(justification: "a short look", changes: [grant]))
        #expect(answer.status == 200, "\(answer.bodyText)")
        let id = try #require(try GatewayCaller.decoded(PolicyRequestCreationResponse.self, answer).requestID)
        let approval = try await gateway.call(
            "/api/v2/requests/\(id)", method: "PUT", as: bob, json: PolicyRequestModification(.init(command: "approve_request")))
        #expect(approval.status == 200, "\(approval.bodyText)")
        #expect(try await iam.listAttachedRolePolicies(roleName: role.name).map(\.policyARN).contains(managed.arn))

        try await awaitCondition("the temporary grant detached", timeout: 60, every: 0.2) {
            try await !iam.listAttachedRolePolicies(roleName: role.name).map(\.policyARN).contains(managed.arn)
        }
        let late = Date().timeIntervalSince(ends)
        print("temporary grant: detached \(String(format: "%.1f", late)) s after it ended (worker every \(expiryInterval) s)")
        // How soon is a figure (printed above: 0.7 s on a quiet machine), not held here: on a loaded
        // machine moto's detach alone can take seconds. That it happens at all is held.
        #expect(late >= 0, "detached before the grant ended (\(late) s)")
        // The worker detaches first, then stores the request as expired.
        try await awaitCondition("the request expired", timeout: 30, every: 0.2) {
            let detail = try GatewayCaller.decoded(PolicyRequestDetail.self, try await gateway.call("/api/v2/requests/\(id)", as: alice))
            return try APIJSON.decode(PolicyRequest.self, from: Data(detail.request.utf8)).requestStatus == .expired
        }
        try await awaitCondition("alice mailed of the expiry", timeout: 20, every: 0.3) {
            try await sentMail(portico).contains { $0.to == [E2EEstate.alice] && $0.subject.contains("updated to expired") }
        }
    }

    /// alice's request: an inline policy on her role reading the bucket in the other account.
    static func request(for roleARN: String) -> PolicyRequestCreation {
        var change = PolicyRequestChange(principal: PolicyRequestPrincipal(principalARN: roleARN), changeType: .inlinePolicy)
        change.policyName = policyName
        change.action = "attach"
        change.policy = PolicyRequestDocument(policyDocument: [
            "Version": "2012-10-17",
            "Statement": [["Effect": "Allow", "Action": ["s3:GetObject"], "Resource": .string("arn:aws:s3:::\(bucket)/*")]],
        ])
        return PolicyRequestCreation(justification: "read the beta reports for the quarterly review", changes: [change])
    }

    /// The messages moto's SES accepted: recipients and subject, from its model dump.
    static func sentMail(_ portico: RunningPortico) async throws -> [(to: [String], subject: String)] {
        let response = try await portico.http.execute(HTTPClient.Request(url: portico.moto.endpoint + "/moto-api/data.json"))
        let dump = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        let messages = (dump?["ses"] as? [String: Any])?["Message"] as? [[String: Any]] ?? []
        return messages.map { message in
            let to = (message["destinations"] as? [String: Any])?["ToAddresses"] as? [String] ?? []
            return (to, message["subject"] as? String ?? "")
        }
    }

    /// Every event of the audit stream, oldest first, as field → value.
    static func auditEvents(_ portico: RunningPortico) async throws -> [[String: String]] {
        let redis = RedisClient(
            configuration: RedisConfiguration(host: portico.redis.host, port: portico.redis.port, db: 0, password: nil),
            logger: portico.logger)
        defer { Task { await redis.shutdown() } }
        let reply = try await redis.send("XRANGE", RedisArgument(auditStream), "-", "+")
        return (reply.array ?? []).map { entry in
            let values = (entry.array?.last?.array ?? []).map { $0.string ?? "" }
            var fields: [String: String] = [:]
            for index in stride(from: 0, to: values.count - 1, by: 2) { fields[values[index]] = values[index + 1] }
            return fields
        }
    }
}
