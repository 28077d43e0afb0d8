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
