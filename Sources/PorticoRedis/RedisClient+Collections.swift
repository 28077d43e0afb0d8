/// Commands on sets, sorted sets and lists.
extension RedisClient {
    // MARK: Sets

    /// `SADD`: returns how many members were new.
    @discardableResult
    public func sadd(_ key: RedisArgument, _ members: [RedisArgument]) async throws -> Int {
        guard !members.isEmpty else { return 0 }
        return Int(try await send(["SADD", key] + members).integer(for: "SADD"))
    }

    /// `SMEMBERS`: every member, in no particular order.
    public func smembers(_ key: RedisArgument) async throws -> [[UInt8]] {
        try await send(["SMEMBERS", key]).bytesArray(for: "SMEMBERS")
    }

    /// `SREM`: returns how many members were there.
    @discardableResult
    public func srem(_ key: RedisArgument, _ members: [RedisArgument]) async throws -> Int {
        guard !members.isEmpty else { return 0 }
        return Int(try await send(["SREM", key] + members).integer(for: "SREM"))
    }

    // MARK: Sorted sets

    /// `ZADD`: adds or re-scores members; returns how many were new.
    @discardableResult
    public func zadd(_ key: RedisArgument, _ members: [(score: Double, member: RedisArgument)]) async throws -> Int {
        guard !members.isEmpty else { return 0 }
        if members.contains(where: { $0.score.isNaN }) { throw RedisError.invalidCommand("a ZADD score is NaN") }
        var command: [RedisArgument] = ["ZADD", key]
        for (score, member) in members { command += [RedisArgument(score), member] }
        return Int(try await send(command).integer(for: "ZADD"))
    }

    /// `ZRANGE key start stop`: members by rank, lowest score first (negative ranks count from the end).
    public func zrange(_ key: RedisArgument, start: Int, stop: Int) async throws -> [[UInt8]] {
        try await send(["ZRANGE", key, RedisArgument(start), RedisArgument(stop)]).bytesArray(for: "ZRANGE")
    }

    // MARK: Lists

    /// `LPUSH`: prepends the values; returns the list's new length.
    @discardableResult
    public func lpush(_ key: RedisArgument, _ values: [RedisArgument]) async throws -> Int {
        guard !values.isEmpty else { throw RedisError.invalidCommand("LPUSH needs at least one value") }
        return Int(try await send(["LPUSH", key] + values).integer(for: "LPUSH"))
    }

    /// `RPUSH`: appends the values; returns the list's new length.
    @discardableResult
    public func rpush(_ key: RedisArgument, _ values: [RedisArgument]) async throws -> Int {
        guard !values.isEmpty else { throw RedisError.invalidCommand("RPUSH needs at least one value") }
        return Int(try await send(["RPUSH", key] + values).integer(for: "RPUSH"))
    }

    /// `LRANGE key start stop` (negative indexes count from the end).
    public func lrange(_ key: RedisArgument, start: Int, stop: Int) async throws -> [[UInt8]] {
        try await send(["LRANGE", key, RedisArgument(start), RedisArgument(stop)]).bytesArray(for: "LRANGE")
    }

    // MARK: Pub/Sub

    /// `PUBLISH`: returns how many subscribers received the message.
    @discardableResult
    public func publish(_ channel: RedisArgument, _ message: RedisArgument) async throws -> Int {
        Int(try await send(["PUBLISH", channel, message]).integer(for: "PUBLISH"))
    }
}
