/// A protobuf message the RPC runtime can put on the wire. The runtime moves bytes; the
/// generated message types (bridged to protobuf-c) conform to this and are the only code that
/// knows protobuf's encoding.
public protocol ProtoMessage: Sendable, Equatable {
    /// Decodes the protobuf binary encoding. Malformed input, invalid UTF-8 or an embedded NUL
    /// in a string field throw an `RPCError` with code `.invalidArgument`.
    init(protobufBytes: [UInt8]) throws

    /// The protobuf binary encoding. Throws `.invalidArgument` for a string that protobuf-c
    /// could not carry faithfully (an embedded NUL).
    func protobufBytes() throws -> [UInt8]
}
