import CacheService
import Logging
import MetricsTestKit
import PorticoAWS
import PorticoConfig
import PorticoCore
import PorticoHTTP
import PorticoTestSupport
import Proto
import ServiceLifecycle
import Testing

/// The events consumer against moto with signature checking on: CloudTrail events wrapped by
/// EventBridge, put on an SQS queue in the hub account, refresh the one role they name (the
/// authorization mapping changes within 5 s, with sweeps an hour apart), denied calls are
/// counted per role and answered by `Cache/ListDeniedCalls`, and malformed messages are
/// counted and deleted without stopping the consumer.
@Suite struct EventConsumerTests {
    static let account = "100000000081"
    static let secret = "event-consumer-tests-rpc-secret-0123456789"

    /// What a test gets: the cache's RPC client, the spoke's IAM, the queue and what was counted.
    struct Running {
        var cache: CacheClient
        var iam: IAMClient
        var sqs: SQSClient
        var queueURL: String
        var metrics: TestMetrics
    }

    /// A signed moto with one spoke account and role `app` (granted to carol), a hub queue, a
    /// cache swept once over it consuming that queue, its RPC server and a client.
    static func withCache(_ body: (Running) async throws -> Void) async throws {
        let logger = TestLogging.logger("portico.tests.events")
        let http = HTTPClient(configuration: .defaults, logger: logger)
        let estate = SeededMoto.Estate(
            spokeAccounts: [account],
            roles: [.init(account: account, name: "app", tags: ["consoleme-authorized": "carol@example.com"])])
        let moto = try await SeededMoto.start(estate, http: http, logger: logger)
        let redis = try await RedisServer.start()
        let hub = AWSClient(
            configuration: AWSConfiguration(endpointURL: moto.endpoint, maxAttempts: 1),
            credentials: StaticCredentialProvider(moto.hubKey), http: http, logger: logger)
        let sqs = SQSClient(client: hub)
        let queueURL = try await sqs.createQueue(name: "portico-iam-events")
        var configuration = RunningCache.configuration(redis: redis, awsEndpoint: moto.endpoint, accounts: [account])
        configuration.cache.events.queueURL = queueURL
        configuration.cache.events.waitSeconds = 1
        configuration.cache.events.visibilityTimeout = 30
        let metrics = TestMetrics()
        let runtime = CacheRuntime(
            configuration: configuration, logger: logger, consumerPrefix: "events",
            credentials: StaticCredentialProvider(moto.hubKey), metricsFactory: metrics)
        let group = ServiceGroup(services: runtime.services, logger: logger)
        let running = Task { try await group.run() }
        let rpc = runtime.rpcServer(
            listen: HostPort(host: "127.0.0.1", port: 0), verifier: try ServiceTokenVerifier(sharedSecret: secret), logger: logger)
        let rpcTask = Task { try await rpc.run() }
        let client = try RPCClient(
            configuration: RPCClient.Configuration(endpoints: [HostPort(host: "127.0.0.1", port: try await rpc.localPort)]),
            tokens: try ServiceTokenIssuer(identity: "gateway", secret: secret), logger: logger)
        let spoke = SpokeSessions(hub: hub, roleName: estate.spokeRoleName).client(account: account)
        func stop() async {
            await client.close()
            rpc.shutDownGracefully()
            _ = try? await rpcTask.value
            await group.triggerGracefulShutdown()
            _ = try? await running.value
            _ = try? await runBlocking { moto.stop(); redis.stop() }
            await http.shutdown()
        }
        do {
            try await awaitCondition("the account swept", timeout: 120, every: 0.2) {
                try await runtime.queries.everyScopeSwept(accounts: [account])
            }
            try await body(Running(
                cache: CacheClient(rpc: client), iam: IAMClient(client: spoke), sqs: sqs, queueURL: queueURL, metrics: metrics))
        } catch {
            await stop()
            throw error
        }
        await stop()
    }

    /// An EventBridge-wrapped CloudTrail record of an IAM call.
    static func iamEvent(_ name: String, role: String, account: String = account, extra: String = "") -> String {
        """
        {"version":"0","id":"\(name)-1","detail-type":"AWS API Call via CloudTrail","source":"aws.iam","account":"\(account)",
         "detail":{"eventVersion":"1.08","eventSource":"iam.amazonaws.com","eventName":"\(name)","awsRegion":"us-east-1",
          "recipientAccountId":"\(account)","requestParameters":{"roleName":"\(role)"}\(extra)}}
        """
    }

    /// A denied call made by `role` in the spoke account.
    static func deniedEvent(role: String, source: String, name: String, resource: String?, at: String) -> String {
        let message = resource.map {
            #","errorMessage":"User: arn:aws:sts::\#(account):assumed-role/\#(role)/alice is not authorized to perform: x:y on resource: \#($0) because no identity-based policy allows it""#
        } ?? ""
        return """
        {"detail-type":"AWS API Call via CloudTrail","source":"aws.\(source)","detail":{"eventSource":"\(source).amazonaws.com",
         "eventName":"\(name)","eventTime":"\(at)","errorCode":"AccessDenied"\(message),"recipientAccountId":"\(account)",
         "userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::\(account):assumed-role/\(role)/alice",
          "sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::\(account):role/\(role)"}}}}}
        """
    }

    static func eligible(_ cache: CacheClient, _ user: String) async throws -> [String] {
        try await cache.eligibleRoles(CacheEligibleRolesRequest(principal: Principal(user: user))).roles.map(\.arn)
    }

    /// Messages on the queue, visible or handed out and not yet deleted.
    static func messagesLeft(_ running: Running) async throws -> Int {
        let attributes = try await running.sqs.getQueueAttributes(
            queueURL: running.queueURL, names: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])
        return (Int(attributes["ApproximateNumberOfMessages"] ?? "") ?? 0) + (Int(attributes["ApproximateNumberOfMessagesNotVisible"] ?? "") ?? 0)
    }

    @Test func roleEventsChangeTheAuthorizationMappingWithinFiveSeconds() async throws {
        try await Self.withCache { running in
            let app = "arn:aws:iam::\(Self.account):role/app"
            #expect(try await Self.eligible(running.cache, "carol@example.com") == [app])

            // The tag moves from carol to dave in AWS; the cache only learns of it from the event.
            try await running.iam.tagRole(name: "app", tags: [AWSTag(key: "consoleme-authorized", value: "dave@example.com")])
            #expect(try await Self.eligible(running.cache, "dave@example.com").isEmpty)
            try await running.sqs.sendMessage(queueURL: running.queueURL, body: Self.iamEvent("TagRole", role: "app"))
            try await awaitCondition("dave sees app after the TagRole event", timeout: 5, every: 0.05) {
                try await Self.eligible(running.cache, "dave@example.com") == [app]
            }
            #expect(try await Self.eligible(running.cache, "carol@example.com").isEmpty)

            // A role created under a path: CreateRole's answer carries its ARN.
            let pathed = "arn:aws:iam::\(Self.account):role/teams/pathed"
            _ = try await running.iam.createRole(
                name: "pathed", assumeRolePolicyDocument: SeededMoto.hubTrustPolicy, path: "/teams/",
                tags: [AWSTag(key: "consoleme-authorized", value: "erin@example.com")])
            try await running.sqs.sendMessage(queueURL: running.queueURL, body: Self.iamEvent(
                "CreateRole", role: "pathed", extra: #","responseElements":{"role":{"arn":"\#(pathed)","roleName":"pathed"}}"#))
            try await awaitCondition("erin sees the new role", timeout: 5, every: 0.05) {
                try await Self.eligible(running.cache, "erin@example.com") == [pathed]
            }

            // Deleted: DeleteRole names only the role; the cache finds its path itself.
            try await running.iam.deleteRole(name: "pathed")
            try await running.sqs.sendMessage(queueURL: running.queueURL, body: Self.iamEvent("DeleteRole", role: "pathed"))
            try await awaitCondition("the deleted role is gone from the mapping", timeout: 5, every: 0.05) {
                try await Self.eligible(running.cache, "erin@example.com").isEmpty
            }
            try await awaitCondition("every message deleted", timeout: 5, every: 0.1) { try await Self.messagesLeft(running) == 0 }
            #expect(running.metrics.counterTotal(label: "portico_cache_events_total", dimensions: [("outcome", "refreshed")]) == 3)
        }
    }

    @Test func deniedCallsAreCountedPerRoleAndMalformedMessagesAreDroppedWithoutStopping() async throws {
        try await Self.withCache { running in
            let app = "arn:aws:iam::\(Self.account):role/app"
            let bucket = "arn:aws:s3:::reports/2026/q4.csv"
            let bodies = [
                "not json at all",
                #"{"detail":{"eventName":"TagRole","eventSource":"iam.amazonaws.com","recipientAccountId":"\#(Self.account)"}}"#,
                #"["an","array"]"#,
                Self.deniedEvent(role: "app", source: "s3", name: "GetObject", resource: bucket, at: "2026-12-01T10:00:00Z"),
                Self.deniedEvent(role: "app", source: "s3", name: "GetObject", resource: bucket, at: "2026-12-02T11:30:00Z"),
                Self.deniedEvent(role: "app", source: "ec2", name: "DescribeInstances", resource: nil, at: "2026-12-01T09:00:00Z"),
                // A role event for an account the cache does not sweep is dropped too.
                Self.iamEvent("TagRole", role: "elsewhere", account: "100000000999"),
            ]
            for body in bodies { try await running.sqs.sendMessage(queueURL: running.queueURL, body: body) }
            try await awaitCondition("every message handled and deleted", timeout: 10, every: 0.1) {
                try await Self.messagesLeft(running) == 0
            }
            let answer = try await running.cache.listDeniedCalls(CacheDeniedCallsRequest(roleARN: app))
            #expect(answer.calls == [
                CacheDeniedCall(action: "s3:GetObject", resource: bucket, count: 2, lastSeenUnixMs: 1_796_211_000_000),
                CacheDeniedCall(action: "ec2:DescribeInstances", resource: "*", count: 1, lastSeenUnixMs: 1_796_115_600_000),
            ])
            #expect(running.metrics.counterTotal(label: "portico_cache_events_total", dimensions: [("outcome", "malformed")]) == 3)
            #expect(running.metrics.counterTotal(label: "portico_cache_events_total", dimensions: [("outcome", "denied")]) == 3)
            #expect(running.metrics.counterTotal(label: "portico_cache_events_total", dimensions: [("outcome", "unknown_account")]) == 1)
            let other = try await running.cache.listDeniedCalls(CacheDeniedCallsRequest(roleARN: "arn:aws:iam::\(Self.account):role/none"))
            #expect(other.calls.isEmpty)
            let refused = await #expect(throws: RPCError.self) {
                _ = try await running.cache.listDeniedCalls(CacheDeniedCallsRequest(roleARN: "arn:aws:s3:::reports"))
            }
            #expect(refused?.code == .invalidArgument)

            // The consumer still works after all that.
            try await running.iam.tagRole(name: "app", tags: [AWSTag(key: "consoleme-authorized", value: "frank@example.com")])
            try await running.sqs.sendMessage(queueURL: running.queueURL, body: Self.iamEvent("TagRole", role: "app"))
            try await awaitCondition("frank sees app", timeout: 5, every: 0.05) {
                try await Self.eligible(running.cache, "frank@example.com") == [app]
            }
        }
    }
}
