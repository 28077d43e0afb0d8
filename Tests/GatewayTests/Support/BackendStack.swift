import CacheService
import CredentialService
import Foundation
import Logging
import PorticoAWS
import PorticoConfig
import PorticoCore
import PorticoHTTP
import PorticoTestSupport
import Proto
import RequestService
import ServiceLifecycle
import Testing

/// The services behind the gateway, real and in-process, shared by every test of
/// `GatewayBackendTests`: moto with signature checking (`MotoHubAndSpokes`), a redis-server,
/// the cache (scheduler, workers, RPC server) after its first sweep of both accounts, the
/// credential server (eligible roles from that cache over RPC, console sign-ins through a
/// loopback federation stand-in), the request service (policy requests and the `Admin`
/// methods, over that cache and moto's DynamoDB). Each test runs its own gateway and AuthServer against them.
struct BackendStack: SuiteFixture {
    static let rpcSecret = "gateway-backend-tests-rpc-secret-0123456789"
    /// The backends' audit stream (`aws.audit.stream`).
    static let auditStream = "portico:audit:gateway-tests"

    let moto: SeededMoto
    let redis: RedisServer
    let federation: FederationStandIn
    let http: HTTPClient
    let cacheEndpoint: HostPort
    let credentialsEndpoint: HostPort
    let requestsEndpoint: HostPort
    private let services: ServiceGroup
    private let running: Task<Void, any Error>
    private let cacheClient: RPCClient

    static func start() async throws -> BackendStack {
        let http = HTTPClient(configuration: .defaults, logger: quietLogger)
        var started: (moto: SeededMoto?, redis: RedisServer?, federation: FederationStandIn?) = (nil, nil, nil)
        do {
            let moto = try await MotoHubAndSpokes.start(http: http, logger: quietLogger)
            started.moto = moto
            let redis = try await RedisServer.start()
            started.redis = redis
            let federation = try await FederationStandIn.start(motoEndpoint: moto.endpoint, http: http, logger: quietLogger)
            started.federation = federation
            return try await start(moto: moto, redis: redis, federation: federation, http: http)
        } catch {
            await started.federation?.stop()
            started.redis?.stop()
            started.moto?.stop()
            await http.shutdown()
            throw error
        }
    }

    private static func start(
        moto: SeededMoto, redis: RedisServer, federation: FederationStandIn, http: HTTPClient
    ) async throws -> BackendStack {
        let configuration = backendConfiguration(moto: moto, redis: redis, federation: federation)
        let cache = CacheRuntime(
            configuration: configuration, logger: quietLogger, consumerPrefix: "gateway-tests",
            credentials: StaticCredentialProvider(moto.hubKey))
        let cacheServer = cache.rpcServer(
            listen: HostPort(host: "127.0.0.1", port: 0), verifier: try ServiceTokenVerifier(sharedSecret: rpcSecret),
            logger: quietLogger)
        let cacheRunning = Task { try await cacheServer.run() }
        let cacheClient: RPCClient
        let cacheEndpoint: HostPort
        do {
            cacheEndpoint = HostPort(host: "127.0.0.1", port: try await cacheServer.localPort)
            cacheClient = try RPCClient(
                configuration: .init(endpoints: [HostPort(host: cacheEndpoint.host, port: cacheEndpoint.port)]),
                tokens: try ServiceTokenIssuer(identity: "credentials", secret: rpcSecret), logger: quietLogger)
        } catch {
            cacheServer.shutDownGracefully()
            _ = try? await cacheRunning.value
            await cache.shutdown()
            throw error
        }

        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let credentialServer = CredentialServer(
            configuration: configuration, eligibleRoles: CacheAuthorizationMapping(cache: CacheClient(rpc: cacheClient), logger: quietLogger),
            environment: CredentialEnvironment(
                variables: ["AWS_ACCESS_KEY_ID": moto.hubKey.accessKeyID, "AWS_SECRET_ACCESS_KEY": moto.hubKey.secretAccessKey],
                homeDirectory: nil),
            logger: quietLogger, onListening: { portSink.yield($0) })
        var requestsConfiguration = configuration
        requestsConfiguration.listen.requests = HostPort(host: "127.0.0.1", port: 0)
        requestsConfiguration.services.cache = [cacheEndpoint]
        let (requestsPorts, requestsSink) = AsyncStream.makeStream(of: Int.self)
        let requestServer = RequestServer(
            configuration: requestsConfiguration, credentials: StaticCredentialProvider(moto.hubKey), logger: quietLogger,
            onListening: { requestsSink.yield($0) })
        let services = ServiceGroup(configuration: .init(
            services: cache.services + [credentialServer, requestServer, RPCServerService(server: cacheServer, running: cacheRunning)],
            logger: quietLogger))
        let running = Task {
            defer { portSink.finish(); requestsSink.finish() }
            try await services.run()
        }
        var iterator = ports.makeAsyncIterator()
        let credentialsPort = await iterator.next()
        var requestsIterator = requestsPorts.makeAsyncIterator()
        let requestsPort = await requestsIterator.next()
        let stack = BackendStack(
            moto: moto, redis: redis, federation: federation, http: http, cacheEndpoint: cacheEndpoint,
            credentialsEndpoint: HostPort(host: "127.0.0.1", port: credentialsPort ?? 9),
            requestsEndpoint: HostPort(host: "127.0.0.1", port: requestsPort ?? 9), services: services,
            running: running, cacheClient: cacheClient)
        do {
            guard credentialsPort != nil else { throw TestServerError.notReady("credential server", seconds: 0) }
            guard requestsPort != nil else { throw TestServerError.notReady("request server", seconds: 0) }
            try await stack.awaitFirstSweep()
        } catch {
            await stack.stopServices()
            throw error
        }
        return stack
    }

    /// The cache's RPC methods, as Portico's own services call them.
    var cache: CacheClient { CacheClient(rpc: cacheClient) }

    /// Stops the cache and the credential server.
    private func stopServices() async {
        await services.triggerGracefulShutdown()
        _ = try? await running.value
        await cacheClient.close()
    }

    func stop() async {
        await stopServices()
        await federation.stop()
        await http.shutdown()
        moto.stop()
        redis.stop()
    }

    /// A production gateway configuration whose ALB keys come from `keyServerURL`, calling this
    /// stack's credential service and cache (AuthService is started by `RunningGateway`).
    func gatewayConfiguration(keyServerURL: String) -> PorticoConfiguration {
        var configuration = TestConfiguration.production(keyServerURL: keyServerURL)
        configuration.rpc.secret = Secret(Self.rpcSecret)
        configuration.services.credentials = [credentialsEndpoint]
        configuration.services.cache = [cacheEndpoint]
        configuration.services.requests = [requestsEndpoint]
        return configuration
    }

    /// Waits until the cache has swept both accounts: engineers' roles and both accounts listed.
    private func awaitFirstSweep() async throws {
        try await awaitCondition("the cache's first sweep of both accounts", timeout: 120, every: 0.2) {
            let roles = try await CacheClient(rpc: cacheClient).eligibleRoles(
                CacheEligibleRolesRequest(principal: Principal(user: "probe@example.com", groups: ["engineering@example.com"])))
            let accounts = try await CacheClient(rpc: cacheClient).listAccounts(CacheListAccountsRequest())
            return roles.roles.map(\.arn) == MotoHubAndSpokes.Roles.engineeringAll && accounts.accounts.count == 2
        }
    }

    /// The request service's one auto-approval rule (`SelfServiceRequests`): reading and sending
    /// to prod's `auto-*` queues.
    static let autoApprovalRule = AutoApproveRuleSetting(
        name: "team-queues", services: ["sqs"], accessLevels: ["Read", "Write"],
        resources: ["arn:aws:sqs:us-east-1:\(MotoHubAndSpokes.prod):auto-*"])

    /// What the backends run with: moto for AWS and DynamoDB, the two accounts, one region,
    /// sweeps once at start, console sign-ins through the stand-in, credentials restricted to
    /// `10.0.0.0/8` and the requester's address.
    private static func backendConfiguration(
        moto: SeededMoto, redis: RedisServer, federation: FederationStandIn
    ) -> PorticoConfiguration {
        var configuration = PorticoConfiguration()
        configuration.region = "us-east-1"
        configuration.rpc.secret = Secret(rpcSecret)
        configuration.listen.credentials = HostPort(host: "127.0.0.1", port: 0)
        configuration.redis.host = redis.host
        configuration.redis.port = redis.port
        configuration.aws.endpointURL = moto.endpoint
        configuration.aws.federationURL = federation.url
        configuration.aws.ipRestrictions = [CIDRBlock("10.0.0.0/8")].compactMap { $0 }
        configuration.aws.ipRestrictionsOnRequesterIP = true
        configuration.aws.audit.stream = auditStream
        configuration.dynamodb.createTables = true
        configuration.policies.roleName = MotoHubAndSpokes.spokeRoleName
        configuration.accounts = MotoHubAndSpokes.accountNames
        configuration.cache.regions = ["us-east-1"]
        for kind in configuration.cache.intervals.keys { configuration.cache.intervals[kind] = 3600 }
        configuration.cache.workers = 2
        configuration.cache.schedulerTick = 1
        configuration.cache.schedulerLease = 3
        configuration.cache.retryDelay = 1
        // Restricted callers (no can_admin) see only the people's roles, never the spoke roles.
        configuration.roles = .init(allowedARNs: MotoHubAndSpokes.Roles.tagged.map(\.arn))
        configuration.policies.autoApprove = [autoApprovalRule]
        return configuration
    }
}

/// Runs an RPC server already started (to learn its port) as part of a service group: on
/// graceful shutdown it drains, and the group waits for it.
private struct RPCServerService: Service {
    let server: RPCServer
    let running: Task<Void, any Error>

    func run() async throws {
        try? await gracefulShutdown()
        server.shutDownGracefully()
        try await running.value
    }
}

extension Trait where Self == SuiteFixtureTrait<BackendStack> {
    /// Moto, Redis, a swept cache and the credential service, shared by the suite.
    static var backendStack: Self { Self() }
}
