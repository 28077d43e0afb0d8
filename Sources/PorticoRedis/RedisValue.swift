/// A reply from Redis, copied out of hiredis into Swift values (RESP2: hiredis 0.14 has no RESP3).
///
/// Bulk strings keep their exact bytes, NUL and non-UTF-8 bytes included; `.null` is the nil
/// bulk string or nil array (a missing key, a timed-out blocking pop).
public enum RedisValue: Sendable, Hashable {
    /// A status reply such as `OK` or `PONG`.
    case simpleString(String)
    /// An error reply (`-ERR …`, `-WRONGTYPE …`) kept as a value, as inside a pipeline.
    case error(String)
    /// An integer reply.
    case integer(Int64)
    /// A bulk string: arbitrary bytes.
    case bulkString([UInt8])
    /// The nil bulk string or nil array.
    case null
    /// A multi-bulk reply.
    case array([RedisValue])
}

extension RedisValue {
    /// The bytes of a bulk string or status reply; nil for every other kind.
    public var bytes: [UInt8]? {
        switch self {
        case .bulkString(let bytes): bytes
        case .simpleString(let text): Array(text.utf8)
        default: nil
        }
    }

    /// The text of a bulk string (when it is valid UTF-8) or of a status reply; nil otherwise.
    public var string: String? {
        switch self {
        case .bulkString(let bytes): String(validating: bytes, as: UTF8.self)
        case .simpleString(let text): text
        default: nil
        }
    }

    /// An integer reply, or a bulk string holding a decimal integer (as `GET` of a counter).
    public var int: Int64? {
        switch self {
        case .integer(let value): value
        case .bulkString(let bytes): String(validating: bytes, as: UTF8.self).flatMap { Int64($0) }
        default: nil
        }
    }

    /// The elements of a multi-bulk reply; nil for every other kind.
    public var array: [RedisValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// Whether this is the nil reply.
    public var isNull: Bool { self == .null }

    /// The message of an error reply; nil for every other kind.
    public var errorMessage: String? {
        if case .error(let message) = self { return message }
        return nil
    }
}

extension RedisValue: CustomStringConvertible {
    /// A short, value-free summary (kind and size), safe for logs: replies can hold secrets.
    public var description: String {
        switch self {
        case .simpleString: "simple string"
        case .error(let message): "error: \(message)"
        case .integer: "integer"
        case .bulkString(let bytes): "bulk string (\(bytes.count) bytes)"
        case .null: "null"
        case .array(let elements): "array (\(elements.count) elements)"
        }
    }
}
