import PorticoCore
import Prometheus
import PorticoTelemetry

/// How the gateway's in-memory backend caches answer (swift-metrics, into the gateway's registry):
/// `portico_gateway_cache_lookups_total{cache, result}` with `cache` one of authorization,
/// eligible_roles, account_names and `result` hit, joined (waited for another request's load)
/// or miss (asked the backend).
struct BackendMetrics: Sendable {
    enum Cache: String, CaseIterable, Sendable {
        case authorization
        case eligibleRoles = "eligible_roles"
        case accountNames = "account_names"
    }

    private let lookups: LabelledCounters<Cache, CacheLookup>

    init(registry: PrometheusCollectorRegistry) {
        lookups = LabelledCounters(
            factory: MetricsBootstrap.factory(for: registry), name: "cache_lookups", labels: ("cache", "result"))
    }

    func cacheLookup(_ cache: Cache, _ result: CacheLookup) {
        lookups.increment(cache, result)
    }
}
