import CacheService
import CredentialService
import Logging
import PorticoAWS
import PorticoConfig
import PorticoCore
import PorticoTestSupport
import Proto
import ServiceLifecycle

/// The real inventory cache, run in this process against the signed moto: it sweeps both
/// accounts through their spoke roles with the hub's key, builds the credential authorization
/// mapping from the role tags, and serves its RPC on a loopback port. The broker reads the
/// mapping through `mapping`, a `CacheAuthorizationMapping` over an RPC client, as in production.
struct SweptCache: Sendable {
    static let rpcSecret = "credential-tests-cache-secret"

    let runtime: CacheRuntime
    let group: ServiceGroup
    let groupTask: Task<Void, any Error>
    let rpc: RPCServer
    let rpcTask: Task<Void, any Error>
    let endpoint: HostPort
    /// What the credential service calls the cache with.
    let client: RPCClient
    let mapping: CacheAuthorizationMapping

    /// Starts the cache on `redis` and waits for the first IAM sweep of both accounts.
    static func start(moto: SeededMoto, redis: RedisServer, logger: Logger) async throws -> SweptCache {
        let runtime = CacheRuntime(
            configuration: configuration(moto: moto, redis: redis), logger: logger, consumerPrefix: "credential-tests",
            credentials: StaticCredentialProvider(moto.hubKey))
        let group = ServiceGroup(services: runtime.services, logger: logger)
        let groupTask = Task { try await group.run() }
        let rpc = runtime.rpcServer(
            listen: HostPort(host: "127.0.0.1", port: 0), verifier: try ServiceTokenVerifier(sharedSecret: rpcSecret),
            logger: logger)
        let rpcTask = Task { try await rpc.run() }
        let endpoint = HostPort(host: "127.0.0.1", port: try await rpc.localPort)
        let client = try client(endpoints: [endpoint], logger: logger)
        let cache = SweptCache(
            runtime: runtime, group: group, groupTask: groupTask, rpc: rpc, rpcTask: rpcTask, endpoint: endpoint,
            client: client, mapping: CacheAuthorizationMapping(cache: CacheClient(rpc: client), logger: logger))
        do {
            try await awaitCondition("the first IAM sweep of both accounts", timeout: 120, every: 0.2) {
                let status = try await runtime.queries.status(accounts: Array(SignedMoto.accountNames.keys))
                return SignedMoto.accountNames.keys.allSatisfy { status[SweepScope(account: $0, kind: .iam)]?.lastSuccessAt != nil }
            }
        } catch {
            await cache.stop()
            throw error
        }
        return cache
    }

    func stop() async {
        await client.close()
        rpc.shutDownGracefully()
        _ = try? await rpcTask.value
        await group.triggerGracefulShutdown()
        _ = try? await groupTask.value
    }

    /// A client of the cache as the credential service holds one (identity `credentials`).
    static func client(endpoints: [HostPort], logger: Logger) throws -> RPCClient {
        try RPCClient(
            configuration: RPCClient.Configuration(endpoints: endpoints),
            tokens: try ServiceTokenIssuer(identity: CredentialServiceComponents.serviceIdentity, secret: rpcSecret),
            logger: logger)
    }

    /// The cache's configuration: the test's Redis and moto, both accounts by name, the spoke
    /// role, a one-second scheduler tick, intervals long enough that only the first sweep (and
    /// refreshes) run.
    static func configuration(moto: SeededMoto, redis: RedisServer) -> PorticoConfiguration {
        var configuration = PorticoConfiguration()
        configuration.redis.host = redis.host
        configuration.redis.port = redis.port
        configuration.aws.endpointURL = moto.endpoint
        configuration.dynamodb.createTables = true
        configuration.accounts = SignedMoto.accountNames
        configuration.policies.roleName = SignedMoto.spokeRoleName
        configuration.cache.regions = ["us-east-1"]
        for kind in configuration.cache.intervals.keys { configuration.cache.intervals[kind] = 3600 }
        configuration.cache.schedulerTick = 1
        configuration.cache.retryDelay = 1
        configuration.cache.generationGrace = 1
        return configuration
    }

    /// Sweeps the IAM of `roleARN`'s account now and waits until the sweep is done.
    func refresh(roleARN: String) async throws {
        let reply = try await CacheClient(rpc: client).refresh(CacheRefreshRequest(scope: .role, target: roleARN, waitSeconds: 60),
            options: CallOptions(timeout: .seconds(90)))
        guard reply.finished, reply.jobs.allSatisfy({ $0.state == .done }) else {
            throw TestServerError.notReady("the IAM sweep of \(roleARN)'s account (\(reply.jobs))", seconds: 60)
        }
    }
}
