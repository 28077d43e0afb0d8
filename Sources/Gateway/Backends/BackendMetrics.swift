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

    private struct Series: Hashable {
        let cache: Cache
        let result: CacheLookup
    }

    private static var lookups: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "portico", subsystem: "gateway", metricName: "cache_lookups", unitName: "total",
            helpText: "Lookups in the gateway's backend caches by cache and result")
    }

    private let counters: [Series: Counter]

    init(registry: PrometheusCollectorRegistry) {
        var counters: [Series: Counter] = [:]
        for cache in Cache.allCases {
            for result in CacheLookup.allCases {
                counters[Series(cache: cache, result: result)] = registry.makeCounter(
                    descriptor: Self.lookups, labels: [("cache", cache.rawValue), ("result", result.rawValue)])
            }
        }
        self.counters = counters
    }

    func cacheLookup(_ cache: Cache, _ result: CacheLookup) {
        counters[Series(cache: cache, result: result)]?.increment()
    }
}
