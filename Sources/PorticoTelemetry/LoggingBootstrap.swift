public import Logging

/// Sets up swift-log for a Portico process. Only executables call this; libraries take a
/// `Logger` from their caller.
public enum LoggingBootstrap {
    /// The output formats an operator can choose.
    public enum Format: String, Sendable, CaseIterable {
        /// Human-readable lines on standard error.
        case text
        /// One JSON object per line on standard error.
        case json
    }

    /// Installs the process-wide log handler. Call once, before anything logs.
    public static func bootstrap(format: Format, level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = switch format {
            case .text: StreamLogHandler.standardError(label: label)
            case .json: JSONLinesLogHandler(label: label)
            }
            handler.logLevel = level
            return handler
        }
    }
}
