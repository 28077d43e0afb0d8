public import CoreMetrics
import Synchronization

/// Per-method RPC metrics on swift-metrics, for one side (server or client):
/// `portico_rpc_<side>_calls_total{method}`, `portico_rpc_<side>_errors_total{method,code}` and
/// the latency timer `portico_rpc_<side>_duration_seconds{method}`. Metric handles are made once
/// per method (and per method and code) and cached.
public final class RPCMetrics: Sendable {
    /// Which end of the call the metrics describe.
    public enum Side: String, Sendable {
        case server
        case client
    }

    /// The method label used for names a server does not serve, so a caller cannot create
    /// unbounded label values by calling made-up methods.
    public static let unknownMethodLabel = "<unknown>"

    private struct MethodMetrics: Sendable {
        let calls: Counter
        let latency: Timer
    }

    private struct ErrorKey: Hashable {
        let method: String
        let code: UInt8
    }

    public let side: Side
    private let factory: any MetricsFactory
    private let methods = Mutex<[String: MethodMetrics]>([:])
    private let errors = Mutex<[ErrorKey: Counter]>([:])

    /// - Parameter factory: the backend; nil uses the one bootstrapped in `MetricsSystem`.
    public init(side: Side, factory: (any MetricsFactory)? = nil) {
        self.side = side
        self.factory = factory ?? MetricsSystem.factory
    }

    /// Records one finished call.
    public func record(method: String, code: RPCError.Code, duration: Duration) {
        let metrics = methodMetrics(method)
        metrics.calls.increment()
        metrics.latency.recordNanoseconds(duration.nanoseconds)
        if code != .ok {
            errorCounter(method: method, code: code).increment()
        }
    }

    private func methodMetrics(_ method: String) -> MethodMetrics {
        if let existing = methods.withLock({ $0[method] }) { return existing }
        let dimensions = [("method", method)]
        let made = MethodMetrics(
            calls: Counter(label: "portico_rpc_\(side.rawValue)_calls_total", dimensions: dimensions, factory: factory),
            latency: Timer(label: "portico_rpc_\(side.rawValue)_duration_seconds", dimensions: dimensions, factory: factory))
        return methods.withLock { cache in
            if let raced = cache[method] { return raced }
            cache[method] = made
            return made
        }
    }

    private func errorCounter(method: String, code: RPCError.Code) -> Counter {
        let key = ErrorKey(method: method, code: code.rawValue)
        if let existing = errors.withLock({ $0[key] }) { return existing }
        let made = Counter(
            label: "portico_rpc_\(side.rawValue)_errors_total",
            dimensions: [("method", method), ("code", code.description)], factory: factory)
        return errors.withLock { cache in
            if let raced = cache[key] { return raced }
            cache[key] = made
            return made
        }
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        return scaled.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }
}
