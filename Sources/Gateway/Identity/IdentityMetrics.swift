import CoreMetrics
import PorticoTelemetry
import Prometheus

/// The identity layer's counters (swift-metrics, into the gateway's registry):
/// `portico_gateway_alb_key_lookups_total{result}` (cached, joined, fetched, recent_failure,
/// refused) and `portico_gateway_authentication_failures_total{reason}`.
struct IdentityMetrics: Sendable {
    enum KeyLookup: String, CaseIterable {
        /// Answered from the cache.
        case cached
        /// Waited for a fetch another request had started (single flight).
        case joined
        /// Started a fetch.
        case fetched
        /// Refused because the last fetch of this id failed moments ago.
        case recentFailure = "recent_failure"
        /// Refused because too many other ids were being fetched.
        case refused
    }

    private let keyLookups: [KeyLookup: CoreMetrics.Counter]
    private let factory: any MetricsFactory

    init(registry: PrometheusCollectorRegistry) {
        let factory = MetricsBootstrap.factory(for: registry)
        self.factory = factory
        var counters: [KeyLookup: CoreMetrics.Counter] = [:]
        for result in KeyLookup.allCases {
            counters[result] = CoreMetrics.Counter(
                label: "portico_gateway_alb_key_lookups_total", dimensions: [("result", result.rawValue)], factory: factory)
        }
        keyLookups = counters
    }

    func keyLookup(_ result: KeyLookup) {
        keyLookups[result]?.increment()
    }

    func authenticationFailed(_ failure: AuthenticationFailure) {
        CoreMetrics.Counter(
            label: "portico_gateway_authentication_failures_total", dimensions: [("reason", failure.metricLabel)],
            factory: factory
        ).increment()
    }
}
