import Hummingbird
import Logging
import PorticoConfig
import Prometheus
import Proto

/// What the gateway's backend routes call, assembled from configuration at start: the RPC
/// clients, the callers' authorization and eligible roles with their in-memory caches, and the
/// routes' metrics.
struct GatewayBackends: Sendable {
    let clients: BackendClients
    let authorizer: CallerAuthorizer
    let roles: EligibleRoleDirectory
    let routeMetrics: RouteMetrics
    /// How long one backend call may take.
    let callTimeout: Duration

    init(
        configuration: PorticoConfiguration, limits: GatewayLimits, registry: PrometheusCollectorRegistry, logger: Logger
    ) throws(GatewayStartupError) {
        let clients = try BackendClients(configuration: configuration, logger: logger)
        let metrics = BackendMetrics(registry: registry)
        let ttls = configuration.gateway
        self.clients = clients
        callTimeout = limits.backendCallTimeout
        authorizer = CallerAuthorizer(
            client: clients.auth, ttl: .seconds(ttls.authorizationCacheSeconds), timeout: limits.backendCallTimeout,
            metrics: metrics)
        roles = EligibleRoleDirectory(
            client: clients.cache, rolesTTL: .seconds(ttls.eligibleRolesCacheSeconds),
            accountNamesTTL: .seconds(ttls.accountNamesCacheSeconds), timeout: limits.backendCallTimeout, metrics: metrics,
            configuredAccountNames: configuration.accounts)
        routeMetrics = RouteMetrics(registry: registry)
    }

    /// Options for a call made while serving a request: the call timeout, and the request's
    /// id when the logger carries Hummingbird's (it reaches the credential service's audit trail).
    func callOptions(for context: some RequestContext) -> CallOptions {
        CallOptions(timeout: callTimeout, requestID: context.logger[metadataKey: "hb.request.id"].map { "\($0)" })
    }
}
