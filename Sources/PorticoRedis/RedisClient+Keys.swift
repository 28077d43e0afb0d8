/// Commands on keys of any type, and the connection check.
extension RedisClient {
    /// `PING`: round trip to the server (a health check).
    public func ping() async throws {
        let reply = try await send("PING")
        guard reply == .simpleString("PONG") else { throw RedisValue.unexpected(reply, for: "PING") }
    }

    /// `DEL`: removes the keys; returns how many existed.
    @discardableResult
    public func del(_ keys: [RedisArgument]) async throws -> Int {
        guard !keys.isEmpty else { return 0 }
        return Int(try await send(["DEL"] + keys).integer(for: "DEL"))
    }

    @discardableResult
    public func del(_ keys: RedisArgument...) async throws -> Int { try await del(keys) }

    /// `EXISTS`: how many of the keys exist (a key named twice counts twice).
    public func exists(_ keys: [RedisArgument]) async throws -> Int {
        guard !keys.isEmpty else { return 0 }
        return Int(try await send(["EXISTS"] + keys).integer(for: "EXISTS"))
    }

    public func exists(_ keys: RedisArgument...) async throws -> Int { try await exists(keys) }

    /// `PEXPIRE`: the key expires after `duration` (millisecond precision, rounded up).
    /// Returns false when the key does not exist. A non-positive duration is `invalidCommand`.
    @discardableResult
    public func expire(_ key: RedisArgument, after duration: Duration) async throws -> Bool {
        let milliseconds = try Self.positiveMilliseconds(duration, for: "EXPIRE")
        return try await send(["PEXPIRE", key, RedisArgument(milliseconds)]).integer(for: "PEXPIRE") == 1
    }

    /// One step of `SCAN`: the next cursor (0 when the iteration is complete) and a batch of keys.
    public func scan(
        cursor: UInt64 = 0, match pattern: RedisArgument? = nil, count: Int? = nil
    ) async throws -> (cursor: UInt64, keys: [[UInt8]]) {
        var command: [RedisArgument] = ["SCAN", RedisArgument(String(cursor))]
        if let pattern { command += ["MATCH", pattern] }
        if let count {
            guard count > 0 else { throw RedisError.invalidCommand("SCAN count must be positive") }
            command += ["COUNT", RedisArgument(count)]
        }
        let reply = try await send(command)
        guard case .array(let parts) = reply, parts.count == 2,
              let next = parts[0].string.flatMap({ UInt64($0) })
        else { throw RedisValue.unexpected(reply, for: "SCAN") }
        return (next, try parts[1].bytesArray(for: "SCAN"))
    }

    /// Whole milliseconds for Redis (at least 1), or `invalidCommand` for a non-positive duration.
    static func positiveMilliseconds(_ duration: Duration, for command: String) throws(RedisError) -> Int64 {
        guard duration > .zero else { throw .invalidCommand("\(command) needs a positive duration") }
        return duration.milliseconds
    }
}
