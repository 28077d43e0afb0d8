import PorticoCore
import Prometheus

/// How the gateway's in-memory backend caches answer, registered in the gateway's registry:
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
            registry: registry, name: "cache_lookups", help: "Lookups in the gateway's backend caches by cache and result",
            labels: ("cache", "result"))
    }

    func cacheLookup(_ cache: Cache, _ result: CacheLookup) {
        lookups.increment(cache, result)
    }
}
