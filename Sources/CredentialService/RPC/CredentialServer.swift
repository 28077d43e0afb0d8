public import Logging
public import PorticoAWS
public import PorticoConfig
import PorticoService
import Proto
public import ServiceLifecycle

/// `portico-server credentials` as a lifecycle service: on its `ServiceHost`, serves the
/// `Credentials` methods over the broker and `Health` at `listen.credentials`, authenticating
/// every call with its service token (`rpc.secret` for Portico's services,
/// `rpc.clients.<name>.secret` for named clients). Eligible roles, role maximums and account
/// names come from the cache (`services.cache`) unless given; the host's HTTP client (STS,
/// federation), Redis client (audit stream) and cache client close once the server has drained.
public struct CredentialServer: Service {
    private let configuration: PorticoConfiguration
    private let eligibleRoles: (any EligibleRoleSource)?
    private let environment: CredentialEnvironment
    private let logger: Logger
    private let onListening: @Sendable (Int) async -> Void

    /// - Parameters:
    ///   - eligibleRoles: who may use which role; nil asks the cache's replicas (`services.cache`).
    ///   - environment: where the hub's credentials come from (the standard provider chain).
    ///   - onListening: called with the bound port (port 0 in `listen.credentials` picks one).
    public init(
        configuration: PorticoConfiguration, eligibleRoles: (any EligibleRoleSource)? = nil,
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
    /// - Throws: `ServiceStartupError` naming the key when a secret is missing, or the server's errors.
    public func run() async throws {
        try await ServiceHost.run(.credentials, configuration: configuration, logger: logger) { host in
            let eligibleRoles: any EligibleRoleSource
            if let given = self.eligibleRoles {
                eligibleRoles = given
            } else {
                eligibleRoles = CacheAuthorizationMapping(
                    cache: CacheClient(rpc: try host.client(for: .cache)), configuration: .init(configuredAccountNames: configuration.accounts),
                    logger: logger)
            }
            let http = host.httpClient()
            let broker = CredentialBroker(
                configuration: CredentialBroker.Configuration(configuration), eligibleRoles: eligibleRoles,
                sts: .hub(configuration: configuration, environment: environment, http: http, logger: logger),
                audit: CredentialAuditTrail(
                    redis: host.redis(), stream: configuration.aws.audit.stream, maxLength: configuration.aws.audit.maxLength,
                    archive: AuditArchive.configured(configuration, http: http, logger: logger), logger: logger),
                logger: logger)
            let handlers = CredentialRPCHandlers(
                broker: broker, signIn: ConsoleSignIn(configuration: .init(configuration), broker: broker, http: http))
            return [try host.rpcServer(router: Self.router(handlers), onListening: onListening)]
        }
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
