import PorticoRedis
import PorticoTestSupport
import Testing

@Suite("Command timeout")
struct CommandTimeoutTests {
    let redis: RedisServer

    init() async throws {
        redis = try await RedisServer.start()
    }

    @Test("a command that outlives commandTimeout throws timeout, and its connection is replaced")
    func timedOutConnectionIsDiscarded() async throws {
        let configuration = RedisConfiguration.testing(redis, poolSize: 1, commandTimeout: .milliseconds(200))
        try await withClient(configuration) { client in
            let before = try #require(try await client.send("CLIENT", "ID").int)
            // The server holds BLPOP for 5 s, far beyond the 200 ms timeout.
            await #expect(throws: RedisError.timeout) { try await client.send("BLPOP", "never-filled", "5") }
            // The one pooled connection was discarded: the next command runs on a new connection
            // and gets its own reply, not the late BLPOP reply.
            let after = try #require(try await client.send("CLIENT", "ID").int)
            #expect(after != before)
            #expect(try await client.incr("n") == 1)
        }
    }
}
