/// When `set` writes: always, only if the key is absent (`NX`), or only if present (`XX`).
public enum RedisSetCondition: Sendable, Hashable {
    case always
    case ifAbsent
    case ifPresent
}

/// Commands on string values and counters.
extension RedisClient {
    /// `GET`: the value, or nil when the key does not exist.
    public func get(_ key: RedisArgument) async throws -> [UInt8]? {
        try await send(["GET", key]).optionalBytes(for: "GET")
    }

    /// `SET`, with an optional expiry (`PX`, millisecond precision) and condition.
    /// Returns whether the value was written (false only when the condition did not hold).
    @discardableResult
    public func set(
        _ key: RedisArgument, _ value: RedisArgument, expiration: Duration? = nil,
        condition: RedisSetCondition = .always
    ) async throws -> Bool {
        var command: [RedisArgument] = ["SET", key, value]
        if let expiration {
            command += ["PX", RedisArgument(try Self.positiveMilliseconds(expiration, for: "SET"))]
        }
        switch condition {
        case .always: break
        case .ifAbsent: command.append("NX")
        case .ifPresent: command.append("XX")
        }
        switch try await send(command) {
        case .simpleString: return true
        case .null: return false
        case let other: throw RedisValue.unexpected(other, for: "SET")
        }
    }

    /// `INCR`: adds 1 to the counter (created at 0) and returns the new value.
    @discardableResult
    public func incr(_ key: RedisArgument) async throws -> Int64 {
        try await send(["INCR", key]).integer(for: "INCR")
    }

    /// `INCRBY`: adds `amount` to the counter (created at 0) and returns the new value.
    @discardableResult
    public func incr(_ key: RedisArgument, by amount: Int64) async throws -> Int64 {
        try await send(["INCRBY", key, RedisArgument(amount)]).integer(for: "INCRBY")
    }
}
