public import Metrics
public import Prometheus

/// Sets up swift-metrics with a Prometheus registry for a Portico process, and renders the
/// registry in Prometheus' text format for a `/metrics` endpoint.
public enum MetricsBootstrap {
    /// Installs a Prometheus-backed metrics factory and returns its registry. Call once.
    public static func bootstrap() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = latencyBuckets
        MetricsSystem.bootstrap(factory)
        return registry
    }

    /// Latency buckets that resolve both sub-millisecond RPCs and multi-second AWS calls.
    public static let latencyBuckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30),
    ]
}
