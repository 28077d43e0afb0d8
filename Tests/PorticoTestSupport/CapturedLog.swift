public import Logging
import Synchronization

/// A `Logger` whose every entry (level, message, metadata, error) is kept as one line of text,
/// so a test can look for what was logged, or make sure something (a secret) never was.
public final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])
    public let label: String

    public init(label: String = "portico.test") { self.label = label }

    /// A logger at trace level writing into this capture.
    public var logger: Logger {
        var logger = Logger(label: label) { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Every entry so far, oldest first.
    public var entries: [String] { lines.withLock { $0 } }

    /// Everything logged so far as one text.
    public var text: String { entries.joined(separator: "\n") }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let capture: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let error = event.error.map { " error=\($0)" } ?? ""
            capture.append("\(event.level) \(event.message) \(all)\(error)")
        }
    }
}
