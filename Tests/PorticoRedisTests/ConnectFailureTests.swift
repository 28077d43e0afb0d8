import PorticoRedis
import PorticoTestSupport
import Testing

@Suite("Connection failures")
struct ConnectFailureTests {
    @Test("connecting to a port with nothing listening fails with connectionFailed naming host:port")
    func nothingListening() async throws {
        let closed = try ClosedPort()
        defer { closed.close() }
        let port = closed.port
        let configuration = RedisConfiguration(port: port, connectTimeout: .seconds(1))
        try await withClient(configuration) { client in
            let clock = ContinuousClock()
            let start = clock.now
            let error = try await #require(throws: RedisError.self) { try await client.ping() }
            print("PorticoRedis: connect to a closed port failed after \(clock.now - start)")
            guard case .connectionFailed(let host, let failedPort, let reason) = error else {
                Issue.record("expected connectionFailed, got \(error)")
                return
            }
            #expect(host == "127.0.0.1" && failedPort == port)
            #expect(reason.lowercased().contains("refused"))
            #expect(error.description.contains("127.0.0.1:\(port)"))
        }
    }

    @Test("during the reconnect backoff calls fail at once, saying when the next attempt is")
    func backoffHoldsAttemptsBack() async throws {
        let closed = try ClosedPort()
        defer { closed.close() }
        let configuration = RedisConfiguration(
            port: closed.port, reconnect: .init(initialDelay: .seconds(30), maxDelay: .seconds(60)))
        try await withClient(configuration) { client in
            await #expect(throws: RedisError.self) { try await client.ping() }
            let error = try await #require(throws: RedisError.self) { try await client.ping() }
            guard case .connectionFailed(_, _, let reason) = error else {
                Issue.record("expected connectionFailed, got \(error)")
                return
            }
            #expect(reason.contains("1 connect attempt(s) failed; next attempt in"))
        }
    }

    @Test("an unusable configuration is reported by every call, naming the setting", arguments: [
        (RedisConfiguration(port: 0), "port 0"),
        (RedisConfiguration(port: 70_000), "port 70000"),
        (RedisConfiguration(db: -1), "db -1"),
        (RedisConfiguration(poolSize: 0), "poolSize 0"),
        (RedisConfiguration(host: ""), "host"),
        (RedisConfiguration(commandTimeout: .zero), "commandTimeout"),
    ])
    func invalidConfiguration(configuration: RedisConfiguration, setting: String) async throws {
        try await withClient(configuration) { client in
            let error = try await #require(throws: RedisError.self) { try await client.ping() }
            guard case .invalidConfiguration(let reason) = error else {
                Issue.record("expected invalidConfiguration, got \(error)")
                return
            }
            #expect(reason.contains(setting))
        }
    }
}
