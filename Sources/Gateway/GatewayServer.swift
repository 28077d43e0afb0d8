import Hummingbird
public import Logging
public import PorticoConfig
import PorticoService
import PorticoTelemetry
public import Prometheus
public import ServiceLifecycle

/// The gateway: Portico's HTTP face for browsers behind the ALB and for the `portico` CLI.
/// Serves the REST API, the web UI, `/healthcheck` (liveness) and `/readyz` (readiness); the
/// process's metrics are served on `metrics.listen.gateway` (see `ServiceRole`), and here only
/// to `metrics.bearer_token`.
///
/// Routes under `/noauth/`, `/healthcheck`, `/readyz` and `/metrics` (token-checked) are public;
/// every other route passes `AuthenticationMiddleware` (session cookie, bearer token or ALB
/// token) and `CSRFMiddleware`.
/// The REST routes call AuthService, the credential service and the cache over RPC
/// (`services:`, signed with `rpc.secret`); the clients live as long as `run()`.
public struct GatewayServer: Service {
    private let configuration: PorticoConfiguration
    private let registry: PrometheusCollectorRegistry
    private let logger: Logger
    private let limits: GatewayLimits
    private let onListening: @Sendable (Int) async -> Void

    /// - Parameters:
    ///   - limits: the identity layer's and backend calls' tuning (default: from `gateway:`).
    ///   - onListening: called with the bound port once the gateway listens (port 0 in
    ///     `listen.gateway` picks a free one).
    public init(
        configuration: PorticoConfiguration, registry: PrometheusCollectorRegistry, logger: Logger,
        limits: GatewayLimits? = nil,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.registry = registry
        self.logger = logger
        self.limits = limits ?? GatewayLimits(configuration.gateway)
        self.onListening = onListening
    }

    /// Serves until graceful shutdown, on its `ServiceHost` (which closes the HTTP, Redis and
    /// RPC clients once the HTTP server has stopped).
    /// - Throws: `GatewayStartupError` or `ServiceStartupError` when the configuration cannot
    ///   run safely (checked before listening), or the server's own errors.
    public func run() async throws {
        try await ServiceHost.run(.gateway, configuration: configuration, logger: logger) { host in
            let identity = try GatewayIdentity(
                configuration: configuration, limits: limits, httpClient: host.httpClient(maxResponseBytes: 64 * 1024),
                redis: host.redis(), registry: registry, logger: logger)
            let backends = try GatewayBackends(host: host, limits: limits, registry: registry)
            let selfService = try SelfServiceRoutes.configured(configuration, deniedCalls: DeniedCallsLookup(backends: backends))
            let address = configuration.listen.gateway
            let onListening = self.onListening
            let application = Application(
                router: makeRouter(identity: identity, backends: backends, selfService: selfService, readiness: host.readiness),
                configuration: .init(address: .hostname(address.host, port: address.port), serverName: "portico"),
                onServerRunning: { channel in await onListening(channel.localAddress?.port ?? address.port) },
                logger: logger)
            return [application]
        }
    }

    private func makeRouter(
        identity: GatewayIdentity, backends: GatewayBackends, selfService: SelfServiceRoutes, readiness: Readiness
    ) -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: APIErrorMiddleware())
        router.add(middleware: ClientAddressMiddleware(trustedProxyHops: configuration.auth.trustedProxyHops))

        // Public: health, metrics (to their bearer token only), the CLI login's generator and
        // poller, the dev sign-in.
        MetricsRoutes(registry: registry, bearerToken: configuration.metrics.bearerToken).addRoutes(to: router)
        ReadinessRoutes(readiness: readiness).addRoutes(to: router)
        let challenges = ChallengeRoutes(identity: identity)
        if configuration.auth.challenge.enabled { challenges.addPublicRoutes(to: router) }
        if let signer = identity.devSigner {
            DevSignInRoutes(identity: identity, signer: signer).addRoutes(to: router)
        }

        // Everything else: authenticated, CSRF-protected.
        let authenticated = router.group()
            .add(middleware: AuthenticationMiddleware(
                authenticator: identity.authenticator, metrics: identity.metrics,
                developmentSignInPath: identity.devSigner == nil ? nil : DevSignInRoutes.signInPath,
                refreshGroups: { caller, logger in try await backends.authorizer.refresh(caller, logger: logger) }))
            .add(middleware: CSRFMiddleware(tokens: identity.csrf))
        // The routes that act on the caller's groups and rights: resolved once per request.
        let authorized = authenticated.group().add(middleware: AuthorizationMiddleware(authorizer: backends.authorizer))
        UserProfileRoutes(identity: identity, backends: backends).addRoutes(to: authorized)
        CredentialRoutes(backends: backends).addRoutes(to: authorized)
        RoleRoutes(backends: backends).addRoutes(to: authorized)
        ConsoleLoginRoutes(backends: backends).addRoutes(to: authorized)
        selfService.addRoutes(to: authorized)
        PermissionTemplateRoutes(backends: backends).addRoutes(to: authorized)
        TypeaheadRoutes(backends: backends).addRoutes(to: authorized)
        PolicyRequestRoutes(backends: backends).addRoutes(to: authorized)
        InventoryRoutes(backends: backends).addRoutes(to: authorized)
        DynamicConfigRoutes(backends: backends).addRoutes(to: authorized)
        RoleAdministrationRoutes(backends: backends).addRoutes(to: authorized)
        if configuration.auth.challenge.enabled { challenges.addValidatorRoutes(to: authenticated) }
        SessionRoutes(identity: identity, backends: backends).addRoutes(to: authenticated, authorized: authorized)
        CacheStatusRoutes(backends: backends, intervals: configuration.cache.intervals).addRoutes(to: authorized)
        WebUIRoutes(logger: logger).addRoutes(to: router, authenticated: authenticated)
        return router
    }
}
