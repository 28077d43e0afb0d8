import Metrics

/// One swift-metrics counter for every pair of values of two labels, each label's values the
/// cases of an enum: all are made when the gateway starts (so every series is exported from 0),
/// then counted by pair.
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

    /// Makes the counters `portico_gateway_<name>_total{<labels.first>, <labels.second>}`.
    init(factory: any MetricsFactory, name: String, labels: (first: String, second: String)) {
        var counters: [Series: Counter] = [:]
        for first in First.allCases {
            for second in Second.allCases {
                counters[Series(first: first, second: second)] = Counter(
                    label: "portico_gateway_\(name)_total",
                    dimensions: [(labels.first, first.rawValue), (labels.second, second.rawValue)], factory: factory)
            }
        }
        self.counters = counters
    }

    func increment(_ first: First, _ second: Second) {
        counters[Series(first: first, second: second)]?.increment()
    }
}
