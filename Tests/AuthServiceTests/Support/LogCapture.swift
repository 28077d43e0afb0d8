import Logging
import Synchronization

/// A logger that keeps every entry (level, message, metadata) so tests can check what the
/// service logs, and that it logs no secret.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    var logger: Logger {
        var logger = Logger(label: "portico.auth.test") { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Every entry as `level message metadata`.
    var entries: [String] { lines.withLock { $0 } }

    /// The entries logged at `level`.
    func entries(at level: Logger.Level) -> [String] { entries.filter { $0.hasPrefix("\(level) ") } }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.append("\(event.level) \(event.message) \(all)")
        }
    }
}
