/// Checks every string field in a protobuf encoding, on the wire bytes themselves: protobuf-c
/// copies strings without checking UTF-8, and a NUL inside one would silently shorten it once
/// it is a C string. Runs after protobuf-c accepted the bytes, but stays bounds-checked on its
/// own: a structural surprise is reported as a malformed message, never a trap.
enum WireStringValidator {
    static func validate(_ bytes: [UInt8], schema: WireSchema, messageName: String) throws {
        guard !schema.isEmpty else { return }
        try bytes.withUnsafeBufferPointer { buffer in
            var reader = WireReader(buffer[...])
            try scan(&reader, schema: schema, messageName: messageName)
        }
    }

    private static func scan(_ reader: inout WireReader, schema: WireSchema, messageName: String) throws {
        while !reader.isAtEnd {
            guard let (number, wireType) = reader.readTag() else { throw RPCError.malformed(messageName) }
            guard wireType == .lengthDelimited else {
                guard reader.skip(wireType) else { throw RPCError.malformed(messageName) }
                continue
            }
            guard let value = reader.readLengthDelimited() else { throw RPCError.malformed(messageName) }
            if let field = schema.strings[number] {
                if value.contains(0) { throw RPCError.embeddedNUL(field) }
                if String(validating: value, as: UTF8.self) == nil { throw RPCError.notUTF8(field) }
            } else if let nested = schema.messages[number] {
                var nestedReader = WireReader(value)
                try scan(&nestedReader, schema: nested, messageName: messageName)
            }
        }
    }
}
