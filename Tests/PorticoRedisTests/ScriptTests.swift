import PorticoRedis
import PorticoTestSupport
import Testing

@Suite("Lua scripts")
struct ScriptTests {
    let redis: RedisServer

    init() async throws {
        redis = try await RedisServer.start()
    }

    static let compareAndExtend = RedisScript(name: "compare-and-extend", source: """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """)

    @Test("a script runs with its keys and arguments and is loaded again after SCRIPT FLUSH")
    func evaluateAndReload() async throws {
        try await withClient(.testing(redis)) { client throws in
            try await client.set("lease", "me", expiration: .seconds(120))
            #expect(try await client.evaluate(Self.compareAndExtend, keys: ["lease"], arguments: ["me", "600000"]) == .integer(1))
            #expect(try await client.evaluate(Self.compareAndExtend, keys: ["lease"], arguments: ["you", "600000"]) == .integer(0))
            let ttl = try #require(try await client.send("PTTL", "lease").int)
            #expect(ttl > 120_000)

            _ = try await client.send("SCRIPT", "FLUSH")
            #expect(try await client.evaluate(Self.compareAndExtend, keys: ["lease"], arguments: ["me", "1000"]) == .integer(1),
                    "the forgotten script is loaded again")
        }
    }

    @Test("a Lua runtime error is a server error")
    func luaError() async throws {
        let failing = RedisScript(name: "failing", source: "return redis.call('INCR', KEYS[1])")
        try await withClient(.testing(redis)) { client throws in
            try await client.set("text", "not a number")
            await #expect(throws: RedisError.self) {
                _ = try await client.evaluate(failing, keys: ["text"])
            }
        }
    }
}
