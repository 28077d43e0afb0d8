import PorticoRedis
import PorticoTestSupport
import Testing

@Suite("Binary-safe values")
struct BinaryValueTests {
    let redis: RedisServer

    init() async throws {
        redis = try await RedisServer.start()
    }

    @Test("values with NUL and 0xFF bytes (and binary keys) round-trip exactly")
    func nulAndHighBytesRoundTrip() async throws {
        try await withClient(.testing(redis)) { client in
            let value: [UInt8] = [0, 0xFF, 0, 0, 0x80, 0xFE] + (0...255).map { UInt8($0) } + [0]
            let key: [UInt8] = [0x6B, 0, 0xFF, 0x6B]
            try await client.set(RedisArgument(key), RedisArgument(value))
            #expect(try await client.get(RedisArgument(key)) == value)
            #expect(try await client.send("GET", RedisArgument(key)) == .bulkString(value))
            #expect(try await client.send("STRLEN", RedisArgument(key)) == .integer(Int64(value.count)))
            // The key with its NUL is distinct from its prefix before the NUL.
            #expect(try await client.get(RedisArgument([0x6B])) == nil)
        }
    }

    @Test("an empty value is an empty bulk string, not nil")
    func emptyValueIsNotNull() async throws {
        try await withClient(.testing(redis)) { client in
            try await client.set("empty", "")
            #expect(try await client.get("empty") == [])
            #expect(try await client.send("GET", "empty") == .bulkString([]))
            #expect(try await client.get("missing") == nil)
            #expect(try await client.send("GET", "missing") == .null)
        }
    }

    @Test("a 1 MiB value of arbitrary bytes round-trips")
    func oneMebibyteValueRoundTrips() async throws {
        try await withClient(.testing(redis)) { client in
            var generator = SystemRandomNumberGenerator()
            let value = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            try await client.set("large", RedisArgument(value))
            #expect(try await client.send("STRLEN", "large") == .integer(1 << 20))
            let read = try #require(try await client.get("large"))
            #expect(read.count == value.count)
            #expect(read == value)
        }
    }
}
