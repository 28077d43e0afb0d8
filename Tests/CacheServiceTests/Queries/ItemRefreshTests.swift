import CacheService
import Logging
import PorticoAWS
import PorticoConfig
import PorticoCore
import PorticoHTTP
import PorticoTestSupport
import Proto
import ServiceLifecycle
import Testing

/// `Cache/RefreshItem` against moto with signature checking on: one item read again through
/// the spoke role and written into the cache (and the authorization mapping) before the answer,
/// so a tag change, a new role and a deleted role are seen at once, without a sweep.
@Suite struct ItemRefreshTests {
    static let account = "100000000071"
    static let secret = "item-refresh-tests-rpc-secret-0123456789"

    /// A signed moto with one spoke account and role `app` (granted to carol), a cache swept
    /// once over it, its RPC server and a client, until `body` returns.
    static func withCache(
        _ body: (_ cache: CacheClient, _ moto: SeededMoto, _ spoke: AWSClient) async throws -> Void
    ) async throws {
        let logger = TestLogging.logger("portico.tests.item-refresh")
        let http = HTTPClient(configuration: .defaults, logger: logger)
        let estate = SeededMoto.Estate(
            spokeAccounts: [account],
            roles: [.init(account: account, name: "app", tags: ["consoleme-authorized": "carol@example.com"])])
        let moto = try await SeededMoto.start(estate, http: http, logger: logger)
        let redis = try await RedisServer.start()
        let configuration = RunningCache.configuration(redis: redis, awsEndpoint: moto.endpoint, accounts: [account])
        let runtime = CacheRuntime(
            configuration: configuration, logger: logger, consumerPrefix: "item-refresh",
            credentials: StaticCredentialProvider(moto.hubKey))
        let group = ServiceGroup(services: runtime.services, logger: logger)
        let running = Task { try await group.run() }
        let rpc = runtime.rpcServer(
            listen: HostPort(host: "127.0.0.1", port: 0), verifier: try ServiceTokenVerifier(sharedSecret: secret), logger: logger)
        let rpcTask = Task { try await rpc.run() }
        let client = try RPCClient(
            configuration: RPCClient.Configuration(endpoints: [HostPort(host: "127.0.0.1", port: try await rpc.localPort)]),
            tokens: try ServiceTokenIssuer(identity: "requests", secret: secret), logger: logger)
        let hub = AWSClient(
            configuration: AWSConfiguration(endpointURL: moto.endpoint, maxAttempts: 1),
            credentials: StaticCredentialProvider(moto.hubKey), http: http, logger: logger)
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
            try await body(CacheClient(rpc: client), moto, spoke)
        } catch {
            await stop()
            throw error
        }
        await stop()
    }

    static func eligible(_ cache: CacheClient, _ user: String) async throws -> [String] {
        try await cache.eligibleRoles(CacheEligibleRolesRequest(principal: Principal(user: user))).roles.map(\.arn)
    }

    @Test func aChangedTagNewRoleAndDeletedRoleAreSeenAtOnceWithTheirGrants() async throws {
        try await Self.withCache { cache, _, spoke in
            let iam = IAMClient(client: spoke)
            let app = "arn:aws:iam::\(Self.account):role/app"
            #expect(try await Self.eligible(cache, "carol@example.com") == [app])

            // A tag moved from carol to dave, and an inline policy added.
            try await iam.tagRole(name: "app", tags: [AWSTag(key: "consoleme-authorized", value: "dave@example.com")])
            try await iam.putRolePolicy(roleName: "app", policyName: "extra", document: SeededMoto.allowAll)
            let refreshed = try await cache.refreshItem(CacheRefreshItemRequest(arn: app))
            let item = try #require(refreshed.item)
            #expect(item.tags["consoleme-authorized"] == "dave@example.com")
            #expect(item.inlinePolicies.map(\.name) == ["extra"])
            #expect(refreshed.sweptAtUnixMs > 0)
            let read = try #require(try await cache.getRole(CacheGetRoleRequest(arn: app)).role)
            #expect(read.tags["consoleme-authorized"] == "dave@example.com")
            #expect(try await Self.eligible(cache, "dave@example.com") == [app])
            #expect(try await Self.eligible(cache, "carol@example.com").isEmpty)

            // A role the cache has never seen.
            let fresh = "arn:aws:iam::\(Self.account):role/fresh"
            _ = try await iam.createRole(
                name: "fresh", assumeRolePolicyDocument: SeededMoto.hubTrustPolicy, maxSessionDuration: 7200,
                tags: [AWSTag(key: "consoleme-authorized-cli-only", value: "team-fresh")])
            let created = try #require(try await cache.refreshItem(CacheRefreshItemRequest(arn: fresh)).item)
            #expect(created.attributes["maxSessionDuration"] == "7200")
            let roles = try await cache.eligibleRoles(CacheEligibleRolesRequest(principal: Principal(user: "erin@example.com", groups: ["Team-Fresh"])))
            #expect(roles.roles.map(\.arn) == [fresh] && roles.roles.first?.cliOnly == true)
            let listed = try await cache.typeahead(CacheTypeaheadRequest(prefix: "fre"))
            #expect(listed.suggestions.map(\.arn) == [fresh])

            // Gone from AWS: gone from the cache and from the mapping.
            try await iam.deleteRole(name: "fresh")
            let deleted = try await cache.refreshItem(CacheRefreshItemRequest(arn: fresh))
            #expect(deleted.item == nil)
            let missing = await #expect(throws: RPCError.self) {
                _ = try await cache.getRole(CacheGetRoleRequest(arn: fresh))
            }
            #expect(missing?.code == .notFound)
            #expect(try await Self.eligible(cache, "team-fresh").isEmpty)
            #expect(try await cache.typeahead(CacheTypeaheadRequest(prefix: "fre")).suggestions.isEmpty)
        }
    }

    @Test func queuesAreReadThroughTheSpokeRoleAndBadARNsAreRefused() async throws {
        try await Self.withCache { cache, _, spoke in
            let sqs = SQSClient(client: spoke)
            _ = try await sqs.createQueue(name: "late-queue", tags: [AWSTag(key: "team", value: "late")])
            let arn = "arn:aws:sqs:us-east-1:\(Self.account):late-queue"
            let item = try #require(try await cache.refreshItem(CacheRefreshItemRequest(arn: arn)).item)
            #expect(item.type == "sqs_queue" && item.tags["team"] == "late" && item.region == "us-east-1")
            #expect(try await cache.getResource(CacheGetResourceRequest(arn: arn)).resource?.tags["team"] == "late")

            let absent = try await cache.refreshItem(CacheRefreshItemRequest(arn: "arn:aws:sqs:us-east-1:\(Self.account):never"))
            #expect(absent.item == nil)
            for bad in ["not-an-arn", "arn:aws:ec2:us-east-1:\(Self.account):instance/i-1", "arn:aws:iam::aws:policy/ReadOnlyAccess",
                        "arn:aws:s3:::some-bucket", "arn:aws:sqs:eu-west-3:\(Self.account):q"] {
                let refused = await #expect(throws: RPCError.self) {
                    _ = try await cache.refreshItem(CacheRefreshItemRequest(arn: bad))
                }
                #expect(refused?.code == .invalidArgument, "\(bad)")
            }
        }
    }
}
