internal import CProtobufC

/// A generated message type that knows its protobuf-c C struct: how to initialise one, copy it
/// into a Swift value, and fill one from a Swift value. Generated code conforms every message
/// to it; `ProtobufCBridge` builds `ProtoMessage`'s decode and encode on top.
protocol CBridgedMessage: ProtoMessage {
    /// The protobuf-c struct generated for the message, e.g. `Portico__V1__EchoRequest`.
    associatedtype CMessage

    /// The message's name in error messages, e.g. `EchoRequest` or `EchoRequest.Hop`.
    static var protoName: String { get }

    /// Where string fields sit in the wire encoding, for the checks protobuf-c does not make.
    static var wireSchema: WireSchema { get }

    /// Runs the protobuf-c `*__init` function on uninitialised memory.
    static func initializeCMessage(_ message: UnsafeMutablePointer<CMessage>)

    /// Copies every field out of a C struct that protobuf-c unpacked.
    init(cMessage: UnsafePointer<CMessage>) throws

    /// Fills an initialised C struct; everything allocated for it belongs to `arena`.
    func fill(_ message: UnsafeMutablePointer<CMessage>, arena: CArena) throws
}

extension CBridgedMessage {
    /// The protobuf-c descriptor of the C struct, read from a freshly initialised struct: the
    /// address of the C global itself, which protobuf-c compares and keeps in unpacked messages.
    static func cDescriptor() -> UnsafePointer<ProtobufCMessageDescriptor>? {
        let scratch = UnsafeMutablePointer<CMessage>.allocate(capacity: 1)
        defer { scratch.deallocate() }
        initializeCMessage(scratch)
        return UnsafeRawPointer(scratch).load(as: ProtobufCMessage.self).descriptor
    }
}
