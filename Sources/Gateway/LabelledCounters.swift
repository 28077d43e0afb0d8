import Prometheus

/// One Prometheus counter for every pair of values of two labels, each label's values the cases
/// of an enum: all are made when the gateway starts (so every series is exported from 0), then
/// counted by pair.
struct LabelledCounters<First, Second>: Sendable
where
    First: CaseIterable & Hashable & RawRepresentable<String> & Sendable,
    Second: CaseIterable & Hashable & RawRepresentable<String> & Sendable
{
    private struct Series: Hashable, Sendable {
        let first: First
        let second: Second
    }

    private let counters: [Series: Counter]

    /// Makes the counters `portico_gateway_<name>_total{<labels.first>, <labels.second>}` in
    /// `registry`, described by `help`.
    init(registry: PrometheusCollectorRegistry, name: String, help: String, labels: (first: String, second: String)) {
        let descriptor = MetricNameDescriptor(
            namespace: "portico", subsystem: "gateway", metricName: name, unitName: "total", helpText: help)
        var counters: [Series: Counter] = [:]
        for first in First.allCases {
            for second in Second.allCases {
                counters[Series(first: first, second: second)] = registry.makeCounter(
                    descriptor: descriptor, labels: [(labels.first, first.rawValue), (labels.second, second.rawValue)])
            }
        }
        self.counters = counters
    }

    func increment(_ first: First, _ second: Second) {
        counters[Series(first: first, second: second)]?.increment()
    }
}
