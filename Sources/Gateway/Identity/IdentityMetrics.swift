import Prometheus

/// The identity layer's Prometheus counters, registered in the gateway's registry:
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

    private static var keyLookups: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "portico", subsystem: "gateway", metricName: "alb_key_lookups", unitName: "total",
            helpText: "ALB public key lookups by outcome")
    }

    private static var authenticationFailures: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "portico", subsystem: "gateway", metricName: "authentication_failures", unitName: "total",
            helpText: "Refused credentials by reason")
    }

    private let keyLookups: [KeyLookup: Counter]
    private let registry: PrometheusCollectorRegistry

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        var counters: [KeyLookup: Counter] = [:]
        for result in KeyLookup.allCases {
            counters[result] = registry.makeCounter(descriptor: Self.keyLookups, labels: [("result", result.rawValue)])
        }
        keyLookups = counters
    }

    func keyLookup(_ result: KeyLookup) {
        keyLookups[result]?.increment()
    }

    func authenticationFailed(_ failure: AuthenticationFailure) {
        registry.makeCounter(descriptor: Self.authenticationFailures, labels: [("reason", failure.metricLabel)]).increment()
    }
}
