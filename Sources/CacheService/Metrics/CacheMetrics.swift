import Metrics

/// The cache's metrics (swift-metrics; Prometheus through the process's bootstrap):
/// - `portico_cache_job_duration_seconds{kind, outcome}` timer of each job
/// - `portico_cache_jobs_total{kind, outcome}` jobs by how they ended
/// - `portico_cache_aws_calls_total{kind}` AWS calls made by sweeps
/// - `portico_cache_queue_waiting` / `portico_cache_queue_pending` jobs not started / running
/// - `portico_cache_last_success_age_seconds{account, scope}` age of each scope's last success
/// - `portico_cache_scheduler_leader` 1 while this process holds the scheduler lease
/// - `portico_cache_events_total{outcome}` IAM change events by how they were handled
///   (refreshed, denied, ignored, malformed, unknown_account, retried)
struct CacheMetrics: Sendable {
    let factory: (any MetricsFactory)?

    init(factory: (any MetricsFactory)? = nil) { self.factory = factory }

    func jobFinished(kind: SweepKind, outcome: String, duration: Duration) {
        let dimensions = [("kind", kind.rawValue), ("outcome", outcome)]
        timer("portico_cache_job_duration_seconds", dimensions).recordNanoseconds(duration.wholeNanoseconds)
        counter("portico_cache_jobs_total", dimensions).increment()
    }

    func awsCalls(kind: SweepKind, count: Int) {
        counter("portico_cache_aws_calls_total", [("kind", kind.rawValue)]).increment(by: count)
    }

    func queue(waiting: Int, pending: Int) {
        gauge("portico_cache_queue_waiting", []).record(waiting)
        gauge("portico_cache_queue_pending", []).record(pending)
    }

    func lastSuccessAge(_ scope: SweepScope, seconds: Double) {
        gauge("portico_cache_last_success_age_seconds", [("account", scope.account), ("scope", scope.field)]).record(seconds)
    }

    func leader(_ isLeader: Bool) {
        gauge("portico_cache_scheduler_leader", []).record(isLeader ? 1 : 0)
    }

    func event(outcome: String) {
        counter("portico_cache_events_total", [("outcome", outcome)]).increment()
    }

    private func timer(_ label: String, _ dimensions: [(String, String)]) -> Timer {
        if let factory { return Timer(label: label, dimensions: dimensions, factory: factory) }
        return Timer(label: label, dimensions: dimensions)
    }

    private func counter(_ label: String, _ dimensions: [(String, String)]) -> Counter {
        if let factory { return Counter(label: label, dimensions: dimensions, factory: factory) }
        return Counter(label: label, dimensions: dimensions)
    }

    private func gauge(_ label: String, _ dimensions: [(String, String)]) -> Gauge {
        if let factory { return Gauge(label: label, dimensions: dimensions, factory: factory) }
        return Gauge(label: label, dimensions: dimensions)
    }
}

extension Duration {
    var wholeNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
