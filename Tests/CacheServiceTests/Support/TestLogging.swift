import Foundation
import Logging

/// Loggers for the cache tests: silent unless `PORTICO_TEST_LOG` names a level (`debug`,
/// `info`, …), then written to standard error.
enum TestLogging {
    static func logger(_ label: String) -> Logger {
        guard let name = ProcessInfo.processInfo.environment["PORTICO_TEST_LOG"], let level = Logger.Level(rawValue: name) else {
            return Logger(label: label, factory: { _ in SwiftLogNoOpLogHandler() })
        }
        var logger = Logger(label: label, factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = level
        return logger
    }
}
