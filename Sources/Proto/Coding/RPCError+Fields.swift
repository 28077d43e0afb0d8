extension RPCError {
    /// A field whose value the bridge refuses, named as `<Message>.<field>` in the message.
    static func invalidField(_ field: String, _ problem: String) -> RPCError {
        RPCError(.invalidArgument, "field \(field): \(problem)")
    }

    static func notUTF8(_ field: String) -> RPCError {
        invalidField(field, "not valid UTF-8")
    }

    static func embeddedNUL(_ field: String) -> RPCError {
        invalidField(field, "contains a NUL byte, which protobuf-c cannot carry")
    }

    /// Bytes that are not a protobuf encoding of the message.
    static func malformed(_ messageName: String) -> RPCError {
        RPCError(.invalidArgument, "malformed \(messageName) message: not a valid protobuf encoding")
    }
}
