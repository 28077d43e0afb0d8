import PorticoRedis
import PorticoTestSupport
import Testing

@Suite("Typed command conveniences")
struct ConvenienceCommandTests {
    let redis: RedisServer

    init() async throws {
        redis = try await RedisServer.start()
    }

    private func text(_ bytes: [UInt8]?) -> String? { bytes.map { String(decoding: $0, as: UTF8.self) } }

    @Test("SET with an expiration sets a TTL; NX and XX conditions report whether they wrote")
    func setOptions() async throws {
        try await withClient(.testing(redis)) { client throws in
            #expect(try await client.set("k", "v1", expiration: .seconds(100)))
            let ttl = try #require(try await client.send("PTTL", "k").int)
            #expect(ttl > 0 && ttl <= 100_000)
            #expect(try await client.set("k", "v2", condition: .ifAbsent) == false)
            #expect(text(try await client.get("k")) == "v1")
            #expect(try await client.set("absent", "x", condition: .ifPresent) == false)
            #expect(try await client.exists("absent") == 0)
            #expect(try await client.set("k", "v3", condition: .ifPresent))
            #expect(text(try await client.get("k")) == "v3")
            #expect(try await client.send("PTTL", "k") == .integer(-1), "a plain SET clears the TTL")
        }
    }

    @Test("a non-positive expiration is rejected before anything is sent")
    func nonPositiveExpiration() async throws {
        try await withClient(.testing(redis)) { client throws in
            await #expect(throws: RedisError.invalidCommand("SET needs a positive duration")) {
                try await client.set("k", "v", expiration: .zero)
            }
            await #expect(throws: RedisError.invalidCommand("EXPIRE needs a positive duration")) {
                try await client.expire("k", after: .seconds(-1))
            }
            #expect(try await client.exists("k") == 0)
        }
    }

    @Test("DEL, EXISTS, EXPIRE and INCR BY return Redis's counts and values")
    func keysAndCounters() async throws {
        try await withClient(.testing(redis)) { client throws in
            try await client.set("a", "1")
            try await client.set("b", "2")
            #expect(try await client.exists("a", "b", "c") == 2)
            #expect(try await client.expire("a", after: .milliseconds(1500)))
            #expect(try await client.expire("missing", after: .seconds(1)) == false)
            #expect(try await client.del("a", "b", "c") == 2)
            #expect(try await client.incr("n", by: 40) == 40)
            #expect(try await client.incr("n") == 41)
            #expect(try await client.incr("n", by: -42) == -1)
        }
    }

    @Test("HSET, HGET, HGETALL and HDEL manage a hash's fields")
    func hashes() async throws {
        try await withClient(.testing(redis)) { client throws in
            #expect(try await client.hset("h", "name", "portico") == 1)
            #expect(try await client.hset("h", fields: [("name", "renamed"), ("bytes", RedisArgument([0, 0xFF]))]) == 1)
            #expect(text(try await client.hget("h", "name")) == "renamed")
            #expect(try await client.hget("h", "missing") == nil)
            #expect(try await client.hgetall("h") == ["name": Array("renamed".utf8), "bytes": [0, 0xFF]])
            #expect(try await client.hdel("h", "name", "missing") == 1)
            #expect(try await client.hgetall("h") == ["bytes": [0, 0xFF]])
            #expect(try await client.hgetall("no-such-hash") == [:])
        }
    }

    @Test("sets, sorted sets and lists keep their members")
    func collections() async throws {
        try await withClient(.testing(redis)) { client throws in
            #expect(try await client.sadd("s", ["x", "y", "x"]) == 2)
            #expect(Set(try await client.smembers("s").map { text($0) }) == ["x", "y"])
            #expect(try await client.srem("s", ["x", "z"]) == 1)

            #expect(try await client.zadd("z", [(3, "c"), (1, "a"), (2.5, "b")]) == 3)
            #expect(try await client.zrange("z", start: 0, stop: -1).map { text($0) } == ["a", "b", "c"])
            await #expect(throws: RedisError.invalidCommand("a ZADD score is NaN")) {
                try await client.zadd("z", [(.nan, "d")])
            }

            #expect(try await client.rpush("l", ["2", "3"]) == 2)
            #expect(try await client.lpush("l", ["1"]) == 3)
            #expect(try await client.lrange("l", start: 0, stop: -1).map { text($0) } == ["1", "2", "3"])
            #expect(try await client.publish("channel", "nobody listens") == 0)
        }
    }

    @Test("SCAN visits every key once the cursor comes back to 0")
    func scanVisitsEveryKey() async throws {
        try await withClient(.testing(redis)) { client throws in
            _ = try await client.pipeline((0..<300).map { ["SET", RedisArgument("scan:\($0)"), "v"] })
            try await client.set("other", "v")
            var cursor: UInt64 = 0
            var seen: Set<String> = []
            var steps = 0
            repeat {
                let page = try await client.scan(cursor: cursor, match: "scan:*", count: 50)
                seen.formUnion(page.keys.compactMap { text($0) })
                cursor = page.cursor
                steps += 1
            } while cursor != 0 && steps < 1_000
            #expect(seen == Set((0..<300).map { "scan:\($0)" }))
        }
    }

    @Test("PING reaches the server, which answers PONG")
    func ping() async throws {
        try await withClient(.testing(redis)) { client throws in
            let before = try await pingsServed(client)
            try await client.ping()
            #expect(try await pingsServed(client) == before + 1, "ping() sent one PING to the server")
            #expect(try await client.send("PING") == .simpleString("PONG"), "the answer ping() accepts")
        }
    }

    /// How many PINGs this test's own redis-server has served (`INFO commandstats`).
    private func pingsServed(_ client: RedisClient) async throws -> Int {
        let info = try #require(try await client.send("INFO", "commandstats").string)
        guard let line = info.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("cmdstat_ping:") }) else { return 0 }
        let calls = line.split(separator: ",").first { $0.hasPrefix("cmdstat_ping:calls=") }
        return try #require(calls.flatMap { Int($0.dropFirst("cmdstat_ping:calls=".count)) })
    }
}
