import Hummingbird
import Logging
import PorticoConfig
import PorticoService
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

    init(host: ServiceHost, limits: GatewayLimits, registry: PrometheusCollectorRegistry) throws(ServiceStartupError) {
        let clients = try BackendClients(host: host)
        let metrics = BackendMetrics(registry: registry)
        let ttls = host.configuration.gateway
        self.clients = clients
        callTimeout = limits.backendCallTimeout
        authorizer = CallerAuthorizer(
            client: clients.auth, ttl: .seconds(ttls.authorizationCacheSeconds), timeout: limits.backendCallTimeout,
            metrics: metrics)
        roles = EligibleRoleDirectory(
            client: clients.cache, rolesTTL: .seconds(ttls.eligibleRolesCacheSeconds),
            accountNamesTTL: .seconds(ttls.accountNamesCacheSeconds), timeout: limits.backendCallTimeout, metrics: metrics,
            configuredAccountNames: host.configuration.accounts)
        routeMetrics = RouteMetrics(registry: registry)
    }

    /// Options for a call made while serving a request: the call timeout, and the request's
    /// id when the logger carries Hummingbird's (it reaches the credential service's audit trail).
    func callOptions(for context: some RequestContext) -> CallOptions {
        CallOptions(timeout: callTimeout, requestID: context.logger[metadataKey: "hb.request.id"].map { "\($0)" })
    }
}
