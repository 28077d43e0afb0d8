public import Metrics
public import Prometheus

/// Sets up swift-metrics with a Prometheus registry for a Portico process, and renders the
/// registry in Prometheus' text format for a `/metrics` endpoint.
///
/// Every Portico metric is a swift-metrics `Counter`, `Gauge` or `Timer` made through a
/// `MetricsFactory` (the bootstrapped one, or `factory(for:)` of a given registry), named
/// `portico_<service or layer>_<what>[_<unit>]`: counters end in `_total`, timers in
/// `_seconds`; label names are snake_case and label values come from closed sets (enum cases,
/// served method names), never from caller input. See README, "Metrics".
public enum MetricsBootstrap {
    /// Installs a Prometheus-backed metrics factory and returns its registry. Call once.
    public static func bootstrap() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(factory(for: registry))
        return registry
    }

    /// A swift-metrics factory recording into `registry`, with Portico's latency buckets: what a
    /// component given its own registry (a gateway under test) makes its metrics through.
    public static func factory(for registry: PrometheusCollectorRegistry) -> any MetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = latencyBuckets
        return factory
    }

    /// Latency buckets that resolve both sub-millisecond RPCs and multi-second AWS calls.
    public static let latencyBuckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30),
    ]
}
