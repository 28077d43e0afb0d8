import CacheService
import MetricsTestKit
import PorticoConfig
import PorticoCore
import PorticoTestSupport
import Proto
import Testing

/// Five seeded accounts (plus one whose spoke role refuses the hub), swept once by an
/// in-process cache: shared by the tests of `InventorySweepTests`.
struct SweptEstate: SuiteFixture {
    static let healthy = SeededMoto.accounts(5)
    static let refusing = "999999999999"
    /// AWS Config is swept for buckets, so the optional kind runs too.
    static let configTypes = ["AWS::S3::Bucket"]

    let moto: SeededMoto
    let proxy: MotoProxy
    let redis: RedisServer
    let cache: RunningCache
    /// The cache's RPC server on a free port, and a client of it.
    let rpc: RPCServer
    let rpcTask: Task<Void, any Error>
    let client: RPCClient
    /// What the cache reported through swift-metrics.
    let metrics: TestMetrics

    static let rpcSecret = "cache-tests-rpc-secret"

    static func start() async throws -> SweptEstate {
        let moto = try await SeededMoto.startUnsigned()
        let redis = try await RedisServer.start()
        let proxy = try await MotoProxy.start(forwardingTo: moto.endpoint, http: moto.http)
        proxy.deny(account: refusing)
        try await moto.seed(.standard, accounts: healthy)
        let rotating = SeedPlan.Role(name: "rotating", tags: ["consoleme-authorized": "dave@example.com"])
        try await moto.seed(SeedPlan(roles: [rotating], buckets: 0, queues: 0, topics: 0), account: healthy[0])
        var configuration = RunningCache.configuration(
            redis: redis, awsEndpoint: proxy.endpoint, dynamoEndpoint: moto.endpoint, accounts: healthy + [refusing])
        configuration.cache.configResourceTypes = configTypes
        configuration.cache.maxAttempts = 2
        configuration.dynamicConfig.groupMapping = [
            "Ops-Team": .init(
                roles: [SeedPlan.roleARN(healthy[0], "service")], cliOnlyRoles: [SeedPlan.roleARN(healthy[1], "service")]),
        ]
        let metrics = TestMetrics()
        let cache = RunningCache(configuration: configuration, name: "swept", metrics: metrics)
        try await awaitCondition("every scope of the healthy accounts swept", timeout: 120, every: 0.2) {
            try await cache.queries.everyScopeSwept(accounts: healthy)
        }
        let logger = TestLogging.logger("portico.tests.rpc")
        let rpc = cache.runtime.rpcServer(
            listen: HostPort(host: "127.0.0.1", port: 0), verifier: try ServiceTokenVerifier(sharedSecret: rpcSecret),
            logger: logger)
        let rpcTask = Task { try await rpc.run() }
        let client = try RPCClient(
            configuration: RPCClient.Configuration(endpoints: [HostPort(host: "127.0.0.1", port: try await rpc.localPort)]),
            tokens: try ServiceTokenIssuer(identity: "cache-tests", secret: rpcSecret), logger: logger)
        return SweptEstate(
            moto: moto, proxy: proxy, redis: redis, cache: cache, rpc: rpc, rpcTask: rpcTask, client: client,
            metrics: metrics)
    }

    func stop() async {
        await client.close()
        rpc.shutDownGracefully()
        _ = try? await rpcTask.value
        await cache.stop()
        await proxy.stop()
        await moto.stopWithClient()
        redis.stop()
    }
}

extension Trait where Self == SuiteFixtureTrait<SweptEstate> {
    /// Five seeded accounts swept by an in-process cache, shared by the suite.
    static var sweptEstate: Self { Self() }
}
