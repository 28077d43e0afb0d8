public import Logging
public import PorticoAWS
public import PorticoConfig
import PorticoHTTP
import PorticoRedis
import Proto
public import ServiceLifecycle

/// `portico-server credentials`: the RPC server at `listen.credentials` serving the
/// `Credentials` methods over the broker, authenticating every call with its service token
/// (`rpc.secret` for Portico's services, `rpc.clients.<name>.secret` for named clients). It owns
/// the HTTP client (STS, federation) and Redis client (audit stream) and closes them once the
/// server has drained.
public struct CredentialServer: Service {
    private let configuration: PorticoConfiguration
    private let eligibleRoles: any EligibleRoleSource
    private let environment: CredentialEnvironment
    private let logger: Logger
    private let onListening: @Sendable (Int) async -> Void

    /// - Parameters:
    ///   - eligibleRoles: who may use which role.
    ///   - environment: where the hub's credentials come from (the standard provider chain).
    ///   - onListening: called with the bound port (port 0 in `listen.credentials` picks one).
    public init(
        configuration: PorticoConfiguration, eligibleRoles: any EligibleRoleSource,
        environment: CredentialEnvironment = .process, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.eligibleRoles = eligibleRoles
        self.environment = environment
        self.logger = logger
        self.onListening = onListening
    }

    /// Serves until graceful shutdown.
    /// - Throws: `ServiceTokenConfigurationError` when a secret is missing, or the server's errors.
    public func run() async throws {
        let verifier = try ServiceTokenVerifier(
            sharedSecret: configuration.rpc.secret?.exposed ?? "",
            clients: configuration.rpc.clients.compactMapValues { $0.secret?.exposed })
        let http = HTTPClient(configuration: .init(connectTimeout: .seconds(3), requestTimeout: .seconds(15)), logger: logger)
        let redis = RedisClient(configuration: RedisConfiguration(
            host: configuration.redis.host, port: configuration.redis.port, db: configuration.redis.db,
            password: configuration.redis.password?.exposed), logger: logger)
        let broker = CredentialBroker(
            configuration: CredentialBroker.Configuration(configuration), eligibleRoles: eligibleRoles,
            sts: .hub(configuration: configuration, environment: environment, http: http, logger: logger),
            audit: CredentialAuditTrail(
                redis: redis, stream: configuration.aws.audit.stream, maxLength: configuration.aws.audit.maxLength,
                logger: logger),
            logger: logger)
        let handlers = CredentialRPCHandlers(
            broker: broker, signIn: ConsoleSignIn(configuration: .init(configuration), broker: broker, http: http))
        let listen = configuration.listen.credentials
        let server = RPCServer(
            configuration: .init(listen: RPCEndpoint(host: listen.host, port: listen.port)),
            router: Self.router(handlers), verifier: verifier, logger: logger)
        let onListening = self.onListening
        do {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await server.run() }
                await onListening(try await server.localPort)
            }
        } catch {
            await http.shutdown()
            await redis.shutdown()
            throw error
        }
        await http.shutdown()
        await redis.shutdown()
    }

    /// The `Credentials` methods, each handing the caller's verified identity and request id on.
    static func router(_ handlers: CredentialRPCHandlers) -> RPCRouter {
        var router = RPCRouter()
        router.register(CredentialsMethods.getCredentials) { request, context in
            try await handlers.getCredentials(request, caller: CredentialCaller(context.caller), requestID: context.requestID)
        }
        router.register(CredentialsMethods.getConsoleLogin) { request, context in
            try await handlers.getConsoleLogin(request, caller: CredentialCaller(context.caller), requestID: context.requestID)
        }
        return router
    }
}

extension CredentialCaller {
    /// The caller a verified service token names.
    init(_ caller: RPCCaller) {
        switch caller.kind {
        case .internalService: self = .service(caller.identity)
        case .namedClient: self = .namedClient(caller.identity)
        }
    }
}
