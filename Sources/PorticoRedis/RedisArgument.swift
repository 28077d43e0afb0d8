/// One argument of a Redis command (the command name included): bytes sent as a bulk string,
/// so values are binary safe.
///
/// Written as string literals (`["SET", key, value]`), or made from a `String`, bytes,
/// an integer or a `Double` (sorted-set scores).
public struct RedisArgument: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    /// The bytes sent to Redis.
    public var bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public init(_ text: String) { self.bytes = Array(text.utf8) }
    public init(_ text: Substring) { self.bytes = Array(text.utf8) }
    public init(_ value: Int) { self.bytes = Array(String(value).utf8) }
    public init(_ value: Int64) { self.bytes = Array(String(value).utf8) }

    /// A floating-point argument in a form Redis parses (`1.5`, `inf`, `-inf`, `1e+20`).
    public init(_ value: Double) { self.bytes = Array(value.description.utf8) }

    public init(stringLiteral value: String) { self.init(value) }
    public init(integerLiteral value: Int) { self.init(value) }
}

extension RedisArgument: CustomStringConvertible {
    /// The length only: arguments carry keys and values, which may be secrets.
    public var description: String { "argument (\(bytes.count) bytes)" }
}
