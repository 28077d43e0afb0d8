/// Typed reads of a reply for the client's conveniences: a reply of another shape is a
/// `RedisError.protocol` naming the command, never a crash.
extension RedisValue {
    func integer(for command: String) throws(RedisError) -> Int64 {
        guard case .integer(let value) = self else { throw Self.unexpected(self, for: command) }
        return value
    }

    /// A bulk string, or nil for the nil reply.
    func optionalBytes(for command: String) throws(RedisError) -> [UInt8]? {
        switch self {
        case .bulkString(let bytes): return bytes
        case .null: return nil
        default: throw Self.unexpected(self, for: command)
        }
    }

    /// An array of bulk strings.
    func bytesArray(for command: String) throws(RedisError) -> [[UInt8]] {
        guard case .array(let elements) = self else { throw Self.unexpected(self, for: command) }
        var result: [[UInt8]] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            guard case .bulkString(let bytes) = element else { throw Self.unexpected(element, for: command) }
            result.append(bytes)
        }
        return result
    }

    static func unexpected(_ value: RedisValue, for command: String) -> RedisError {
        .protocol("unexpected reply to \(command): \(value)")
    }
}
