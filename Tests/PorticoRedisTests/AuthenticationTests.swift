import PorticoRedis
import PorticoTestSupport
import Testing

@Suite("Authentication")
struct AuthenticationTests {
    let redis: RedisServer
    let password = "s3cret-Pässword-\(UInt64.random(in: 0...UInt64.max))"

    /// A server that requires `password` (set at run time: the harness starts servers open).
    init() async throws {
        redis = try await RedisServer.start()
        try await withClient(.testing(redis)) { [password] admin in
            _ = try await admin.send("CONFIG", "SET", "requirepass", RedisArgument(password))
        }
    }

    @Test("with the right password every new connection authenticates (and selects its db)")
    func rightPasswordWorks() async throws {
        try await withClient(.testing(redis, db: 3, password: password)) { client in
            try await client.set("k", "v")
            #expect(try await client.get("k") == Array("v".utf8))
            #expect(try await client.send("CLIENT", "INFO").string?.contains("db=3") == true)
        }
    }

    @Test("without a password commands are refused with NOAUTH")
    func noPasswordIsRefused() async throws {
        try await withClient(.testing(redis)) { client in
            let error = try await #require(throws: RedisError.self) { try await client.get("k") }
            guard case .server(let message) = error else {
                Issue.record("expected a server error, got \(error)")
                return
            }
            #expect(message.hasPrefix("NOAUTH"))
        }
    }

    @Test("a wrong password fails with connectionFailed, and the password appears in no error, log or description")
    func wrongPasswordIsNeverShown() async throws {
        let wrong = "wrong-\(password)"
        let logs = LogRecorder()
        let configuration = RedisConfiguration.testing(redis, password: wrong)
        try await withClient(configuration, logger: logs.logger) { client in
            let error = try await #require(throws: RedisError.self) { try await client.ping() }
            guard case .connectionFailed(_, _, let reason) = error else {
                Issue.record("expected connectionFailed, got \(error)")
                return
            }
            #expect(reason.contains("AUTH rejected"))
            #expect(!error.description.contains(wrong))
            #expect(!String(reflecting: error).contains(wrong))
        }
        #expect(!logs.recorded.isEmpty)
        #expect(logs.recorded.allSatisfy { !$0.text.contains(wrong) && !$0.text.contains(password) })
        #expect(!configuration.description.contains(wrong))
        #expect(!String(reflecting: configuration).contains(wrong))
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains(wrong))
    }
}
