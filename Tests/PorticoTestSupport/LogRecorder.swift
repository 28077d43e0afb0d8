public import Logging
import Synchronization

/// Keeps every log event a component emits (at trace level and above), so tests can check what
/// is logged — above all, that no secret ever is — and keeps test output quiet.
public final class LogRecorder: Sendable {
    /// One log event, rendered as `message key=value …` (plus the error, when one was attached).
    public struct Entry: Sendable {
        public var level: Logger.Level
        public var text: String
    }

    private let stored = Mutex<[Entry]>([])

    public init() {}

    /// A trace-level logger that records into this recorder.
    public var logger: Logger {
        var logger = Logger(label: "portico.test") { _ in Handler(recorder: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Every event so far, in order.
    public var recorded: [Entry] { stored.withLock { $0 } }

    /// Every event so far as one line each: `level message metadata error`.
    public var lines: [String] { recorded.map { "\($0.level) \($0.text)" } }

    fileprivate func append(_ entry: Entry) { stored.withLock { $0.append(entry) } }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let rendered = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            let error = event.error.map { " error=\($0)" } ?? ""
            recorder.append(Entry(level: event.level, text: "\(event.message) \(rendered)\(error)"))
        }
    }
}
