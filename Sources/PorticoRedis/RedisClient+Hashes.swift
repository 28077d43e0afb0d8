/// Commands on hashes.
extension RedisClient {
    /// `HSET` of one field; returns 1 when the field is new, 0 when it was overwritten.
    @discardableResult
    public func hset(_ key: RedisArgument, _ field: RedisArgument, _ value: RedisArgument) async throws -> Int {
        try await hset(key, fields: [(field, value)])
    }

    /// `HSET` of several fields; returns how many were new.
    @discardableResult
    public func hset(_ key: RedisArgument, fields: [(RedisArgument, RedisArgument)]) async throws -> Int {
        guard !fields.isEmpty else { throw RedisError.invalidCommand("HSET needs at least one field") }
        var command: [RedisArgument] = ["HSET", key]
        command.reserveCapacity(2 + 2 * fields.count)
        for (field, value) in fields { command += [field, value] }
        return Int(try await send(command).integer(for: "HSET"))
    }

    /// `HGET`: the field's value, or nil.
    public func hget(_ key: RedisArgument, _ field: RedisArgument) async throws -> [UInt8]? {
        try await send(["HGET", key, field]).optionalBytes(for: "HGET")
    }

    /// `HGETALL`: every field and value (empty for a missing key). Field names must be UTF-8;
    /// otherwise the call throws `RedisError.protocol`.
    public func hgetall(_ key: RedisArgument) async throws -> [String: [UInt8]] {
        let flat = try await send(["HGETALL", key]).bytesArray(for: "HGETALL")
        guard flat.count.isMultiple(of: 2) else { throw RedisError.protocol("HGETALL returned an odd number of elements") }
        var fields: [String: [UInt8]] = [:]
        fields.reserveCapacity(flat.count / 2)
        for index in stride(from: 0, to: flat.count, by: 2) {
            guard let name = String(validating: flat[index], as: UTF8.self) else {
                throw RedisError.protocol("HGETALL returned a field name that is not UTF-8")
            }
            fields[name] = flat[index + 1]
        }
        return fields
    }

    /// `HDEL`: removes the fields; returns how many existed.
    @discardableResult
    public func hdel(_ key: RedisArgument, _ fields: RedisArgument...) async throws -> Int {
        guard !fields.isEmpty else { return 0 }
        return Int(try await send(["HDEL", key] + fields).integer(for: "HDEL"))
    }
}
