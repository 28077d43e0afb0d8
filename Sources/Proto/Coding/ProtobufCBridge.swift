internal import CProtobufC

/// The protobuf binary encoding of generated messages, done by protobuf-c: unpack into the C
/// struct and copy out, or fill the C struct and pack. Adds the checks protobuf-c leaves out:
/// strings must be valid UTF-8 without NUL bytes (protobuf-c neither checks UTF-8 nor carries
/// NUL, it would cut the string short).
enum ProtobufCBridge {
    /// Decodes `bytes` as `Message`, or throws `.invalidArgument` naming the message (malformed
    /// bytes) or the field (a bad string).
    static func decode<Message: CBridgedMessage>(_ bytes: [UInt8], as _: Message.Type = Message.self)
        throws -> Message
    {
        guard let descriptor = Message.cDescriptor() else {
            throw RPCError(.internal, "no protobuf-c descriptor for \(Message.protoName)")
        }
        let unpacked = bytes.withUnsafeBufferPointer { buffer in
            // protobuf-c reads nothing when the length is 0, but takes no NULL data pointer.
            withUnsafePointer(to: UInt8(0)) { empty in
                protobuf_c_message_unpack(descriptor, nil, buffer.count, buffer.baseAddress ?? empty)
            }
        }
        guard let unpacked else {
            throw RPCError.malformed(Message.protoName)
        }
        defer { protobuf_c_message_free_unpacked(unpacked, nil) }
        try WireStringValidator.validate(bytes, schema: Message.wireSchema, messageName: Message.protoName)
        return try Message(cMessage: UnsafeRawPointer(unpacked).assumingMemoryBound(to: Message.CMessage.self))
    }

    /// Encodes `message`; throws `.invalidArgument` naming a string field with an embedded NUL.
    static func encode<Message: CBridgedMessage>(_ message: Message) throws -> [UInt8] {
        try CArena.scoped { arena in
            let cMessage = try arena.cMessage(message)
            let base = UnsafeRawPointer(cMessage).assumingMemoryBound(to: ProtobufCMessage.self)
            let size = protobuf_c_message_get_packed_size(base)
            guard size > 0 else { return [] }
            var written = 0
            let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
                written = protobuf_c_message_pack(base, buffer.baseAddress)
                initialized = Swift.min(written, size)
            }
            guard written == size else {
                throw RPCError(.internal, "protobuf-c packed \(written) of \(size) bytes for \(Message.protoName)")
            }
            return bytes
        }
    }
}
