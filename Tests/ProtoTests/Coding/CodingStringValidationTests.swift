import Proto
import Testing

@Suite("Coding: strings protobuf-c cannot carry are refused")
struct CodingStringValidationTests {
    /// 0xC3 starts a two-byte sequence; 0x28 ("(") cannot continue it.
    private static let invalidUTF8: [UInt8] = [0xC3, 0x28]
    private typealias Wire = CodingFixtures.Wire

    private func expectInvalidArgument(naming field: String, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected INVALID_ARGUMENT naming \(field)")
        } catch let error as RPCError {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("field \(field):"), "message was: \(error.message)")
        } catch {
            Issue.record("expected an RPCError, got \(error)")
        }
    }

    @Test("invalid UTF-8 in a string field is refused, naming the field")
    func invalidUTF8InStringField() {
        let bytes = Wire().bytesField(2, Self.invalidUTF8).bytes
        #expect(bytes == [0x12, 0x02, 0xC3, 0x28])
        expectInvalidArgument(naming: "EchoRequest.text") { _ = try EchoRequest(protobufBytes: bytes) }
        expectInvalidArgument(naming: "HealthCheckRequest.service") {
            _ = try HealthCheckRequest(protobufBytes: Wire().bytesField(1, Self.invalidUTF8).bytes)
        }
    }

    @Test("invalid UTF-8 is found wherever the string sits: repeated, nested, map, wrapper")
    func invalidUTF8Anywhere() {
        let cases: [(String, [UInt8])] = [
            ("EchoRequest.tags", Wire().bytesField(3, Array("ok".utf8)).bytesField(3, Self.invalidUTF8).bytes),
            ("EchoRequest.Origin.host", Wire().bytesField(11, Wire().bytesField(1, Self.invalidUTF8).bytes).bytes),
            ("EchoRequest.Hop.service", Wire().bytesField(12, Wire().bytesField(1, Self.invalidUTF8).bytes).bytes),
            ("EchoRequest.metadata (map key)", Wire().bytesField(4, Wire().bytesField(1, Self.invalidUTF8).bytes).bytes),
            ("EchoRequest.metadata (map value)", Wire().bytesField(4, Wire().bytesField(2, Self.invalidUTF8).bytes).bytes),
            ("EchoRequest.note", Wire().bytesField(15, Wire().bytesField(1, Self.invalidUTF8).bytes).bytes),
            ("Principal.groups", Wire().bytesField(14, Wire().bytesField(2, Self.invalidUTF8).bytes).bytes),
            ("StringList.values",
             Wire().bytesField(18, Wire().varintField(1, 3).bytesField(2, Wire().bytesField(1, Self.invalidUTF8).bytes).bytes).bytes),
            ("EchoRequest.Hop.labels (map value)",
             Wire().bytesField(12, Wire().bytesField(3, Wire().bytesField(2, Self.invalidUTF8).bytes).bytes).bytes),
        ]
        for (field, bytes) in cases {
            expectInvalidArgument(naming: field) { _ = try EchoRequest(protobufBytes: bytes) }
        }
    }

    @Test("overlong encodings, surrogates and truncated sequences are not UTF-8")
    func otherInvalidSequences() {
        let sequences: [[UInt8]] = [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xFF], [0x80], [0xF4, 0x90, 0x80, 0x80]]
        for sequence in sequences {
            expectInvalidArgument(naming: "EchoRequest.text") {
                _ = try EchoRequest(protobufBytes: Wire().bytesField(2, Array("abc".utf8) + sequence).bytes)
            }
        }
    }

    @Test("a NUL inside a string on the wire is refused instead of cutting the string short")
    func embeddedNULOnDecode() {
        expectInvalidArgument(naming: "EchoRequest.text") {
            _ = try EchoRequest(protobufBytes: Wire().bytesField(2, [0x61, 0x00, 0x62]).bytes)
        }
        expectInvalidArgument(naming: "Principal.user") {
            _ = try Principal(protobufBytes: Wire().bytesField(1, Array("admin".utf8) + [0] + Array("x".utf8)).bytes)
        }
    }

    @Test("encoding a string with an embedded NUL is refused, naming the field")
    func embeddedNULOnEncode() {
        let cases: [(String, EchoRequest)] = [
            ("EchoRequest.text", EchoRequest(text: "a\u{0}b")),
            ("EchoRequest.tags", EchoRequest(tags: ["fine", "\u{0}"])),
            ("EchoRequest.metadata (map key)", EchoRequest(metadata: ["k\u{0}": "v"])),
            ("EchoRequest.metadata (map value)", EchoRequest(metadata: ["k": "v\u{0}"])),
            ("EchoRequest.Origin.host", EchoRequest(origin: EchoRequest.Origin(host: "h\u{0}"))),
            ("EchoRequest.Hop.service", EchoRequest(hops: [EchoRequest.Hop(), EchoRequest.Hop(service: "\u{0}")])),
            ("EchoRequest.note", EchoRequest(note: "\u{0}")),
            ("Principal.groups", EchoRequest(caller: Principal(groups: ["a\u{0}"]))),
        ]
        for (field, request) in cases {
            expectInvalidArgument(naming: field) { _ = try request.protobufBytes() }
        }
    }

    @Test("the same bytes in a bytes field are accepted: only strings are checked")
    func bytesFieldsAreNotChecked() throws {
        let bytes = Wire().bytesField(1, Self.invalidUTF8 + [0]).bytes
        #expect(try EchoRequest(protobufBytes: bytes).payload == Self.invalidUTF8 + [0])
    }
}
