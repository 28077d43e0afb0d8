import PorticoRedis
import PorticoTestSupport
import Testing

@Suite("Server error replies")
struct ServerErrorTests {
    let redis: RedisServer

    init() async throws {
        redis = try await RedisServer.start()
    }

    @Test("a WRONGTYPE reply throws RedisError.server with Redis's message, and the connection stays usable")
    func wrongTypeThrowsServerError() async throws {
        try await withClient(.testing(redis, poolSize: 1)) { client in
            try await client.rpush("list", ["a"])
            let error = try await #require(throws: RedisError.self) { try await client.get("list") }
            guard case .server(let message) = error else {
                Issue.record("expected a server error, got \(error)")
                return
            }
            #expect(message.hasPrefix("WRONGTYPE"))
            #expect(try await client.lrange("list", start: 0, stop: -1) == [Array("a".utf8)])
        }
    }

    @Test("INCR of a non-integer value surfaces the ERR reply")
    func incrementOfTextFails() async throws {
        try await withClient(.testing(redis)) { client in
            try await client.set("text", "abc")
            let error = try await #require(throws: RedisError.self) { try await client.incr("text") }
            #expect(error == .server("ERR value is not an integer or out of range"))
        }
    }

    @Test("in a pipeline an error reply stays an .error value at its place; the other replies are intact")
    func errorInsidePipeline() async throws {
        try await withClient(.testing(redis, poolSize: 1)) { client in
            let replies = try await client.pipeline([
                ["SET", "string", "1"],
                ["LPUSH", "string", "x"],
                ["INCR", "string"],
                ["BOGUSCOMMAND"],
                ["GET", "string"],
            ])
            #expect(replies.count == 5)
            #expect(replies[0] == .simpleString("OK"))
            #expect(replies[1].errorMessage?.hasPrefix("WRONGTYPE") == true)
            #expect(replies[2] == .integer(2))
            #expect(replies[3].errorMessage?.hasPrefix("ERR unknown command") == true)
            #expect(replies[4] == .bulkString(Array("2".utf8)))
            #expect(try await client.incr("string") == 3)
        }
    }

    @Test("an unknown-command error does not echo the command's arguments")
    func unknownCommandDoesNotEchoArguments() async throws {
        try await withClient(.testing(redis)) { client in
            let error = try await #require(throws: RedisError.self) {
                try await client.send("NOSUCHCOMMAND", "secret-token-value")
            }
            guard case .server(let message) = error else {
                Issue.record("expected a server error, got \(error)")
                return
            }
            #expect(message.hasPrefix("ERR unknown command"))
            #expect(!message.contains("secret-token-value"))
            #expect(!error.description.contains("secret-token-value"))
        }
    }

    @Test("an empty command is rejected without a round trip")
    func emptyCommandIsRejected() async throws {
        try await withClient(.testing(redis)) { client in
            await #expect(throws: RedisError.invalidCommand("empty command")) { try await client.send([]) }
        }
    }
}
