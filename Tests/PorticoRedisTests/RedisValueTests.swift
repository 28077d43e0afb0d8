import PorticoRedis
import Testing

@Suite("RedisValue and RedisError")
struct RedisValueTests {
    @Test("conveniences read the matching kinds and give nil for the others")
    func conveniences() {
        #expect(RedisValue.bulkString(Array("42".utf8)).int == 42)
        #expect(RedisValue.bulkString(Array("4x".utf8)).int == nil)
        #expect(RedisValue.integer(-7).int == -7)
        #expect(RedisValue.bulkString([0xFF, 0xFE]).string == nil, "not UTF-8")
        #expect(RedisValue.bulkString([0xFF, 0xFE]).bytes == [0xFF, 0xFE])
        #expect(RedisValue.simpleString("OK").string == "OK")
        #expect(RedisValue.integer(1).string == nil)
        #expect(RedisValue.array([.null]).array == [.null])
        #expect(RedisValue.null.isNull)
        #expect(RedisValue.error("ERR x").errorMessage == "ERR x")
        #expect(RedisValue.error("ERR x").bytes == nil)
    }

    @Test("descriptions of values and arguments show sizes, not contents")
    func descriptionsHideContents() {
        #expect(RedisValue.bulkString(Array("secret".utf8)).description == "bulk string (6 bytes)")
        #expect(RedisArgument("secret").description == "argument (6 bytes)")
    }

    @Test("arguments from integers and doubles are the decimal text Redis expects")
    func argumentEncoding() {
        #expect(RedisArgument(-12).bytes == Array("-12".utf8))
        #expect(RedisArgument(Int64.max).bytes == Array("9223372036854775807".utf8))
        #expect(RedisArgument(2.5).bytes == Array("2.5".utf8))
        #expect(RedisArgument(-Double.infinity).bytes == Array("-inf".utf8))
        #expect(RedisArgument(7).bytes == Array("7".utf8))
    }

    @Test("every error description names what went wrong")
    func errorDescriptions() {
        #expect(RedisError.connectionFailed(host: "10.0.0.1", port: 6380, reason: "Connection refused").description
            == "cannot connect to Redis at 10.0.0.1:6380: Connection refused")
        #expect(RedisError.timeout.description == "Redis command timed out")
        #expect(RedisError.server("WRONGTYPE x").description.contains("WRONGTYPE x"))
        #expect(RedisError.shutdown.description == "Redis client is shut down")
    }
}
