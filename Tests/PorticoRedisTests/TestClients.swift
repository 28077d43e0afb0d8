import Logging
import PorticoRedis
import PorticoTestSupport
import Synchronization

extension RedisConfiguration {
    /// A configuration for a test server: short reconnect backoff so recovery is quick.
    static func testing(
        _ server: RedisServer, db: Int = 0, poolSize: Int = 4, password: String? = nil,
        commandTimeout: Duration = .seconds(5)
    ) -> RedisConfiguration {
        RedisConfiguration(
            host: server.host, port: server.port, db: db, password: password,
            connectTimeout: .seconds(2), commandTimeout: commandTimeout, poolSize: poolSize,
            reconnect: .init(initialDelay: .milliseconds(10), maxDelay: .milliseconds(200)))
    }
}

/// Runs `body` with a client and shuts it down afterwards, whatever happens.
func withClient(
    _ configuration: RedisConfiguration, logger: Logger = LogRecorder().logger,
    _ body: (RedisClient) async throws -> Void
) async throws {
    let client = RedisClient(configuration: configuration, logger: logger)
    do {
        try await body(client)
        await client.shutdown()
    } catch {
        await client.shutdown()
        throw error
    }
}

/// Keeps every log event a client emits (at trace level and above), so tests can check what is
/// logged, and keeps test output quiet.
final class LogRecorder: Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var text: String
    }

    private let entries = Mutex<[Entry]>([])

    var logger: Logger {
        var logger = Logger(label: "portico.redis.test") { _ in Handler(recorder: self) }
        logger.logLevel = .trace
        return logger
    }

    var recorded: [Entry] { entries.withLock { $0 } }

    fileprivate func append(_ entry: Entry) { entries.withLock { $0.append(entry) } }

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
            recorder.append(Entry(level: event.level, text: "\(event.message) \(rendered)"))
        }
    }
}
