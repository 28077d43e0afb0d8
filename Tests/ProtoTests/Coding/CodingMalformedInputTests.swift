import Proto
import Testing

@Suite("Coding: malformed bytes are refused without a crash; unknown fields are skipped")
struct CodingMalformedInputTests {
    private typealias Wire = CodingFixtures.Wire

    private func expectMalformed<Message: ProtoMessage>(_ type: Message.Type, _ bytes: [UInt8], naming name: String) {
        do {
            _ = try Message(protobufBytes: bytes)
            Issue.record("expected \(bytes) to be refused as \(Message.self)")
        } catch let error as RPCError {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains(name), "message was: \(error.message)")
        } catch {
            Issue.record("expected an RPCError, got \(error)")
        }
    }

    @Test("every proper prefix of a valid encoding that cuts a field is refused")
    func truncatedEncodings() throws {
        let bytes = try EchoRequest(text: "hello", origin: EchoRequest.Origin(host: "h", port: 1)).protobufBytes()
        // Field boundaries: text (7 bytes), then origin (2 + 5 bytes).
        let boundaries: Set<Int> = [0, 7, bytes.count]
        for length in 0..<bytes.count where !boundaries.contains(length) {
            expectMalformed(EchoRequest.self, Array(bytes.prefix(length)), naming: "EchoRequest")
        }
    }

    @Test("lengths past the end, overlong varints, groups and field number 0 are refused")
    func structurallyBroken() {
        expectMalformed(EchoRequest.self, [0x12, 0x05, 0x61], naming: "EchoRequest")  // length 5, 1 byte left
        expectMalformed(EchoRequest.self, [0x28] + [UInt8](repeating: 0xFF, count: 11) + [0x01], naming: "EchoRequest")
        expectMalformed(EchoRequest.self, [0x0B, 0x0C], naming: "EchoRequest")  // start/end group
        expectMalformed(EchoRequest.self, [0x12, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], naming: "EchoRequest")  // 4 GiB length
        expectMalformed(HealthCheckRequest.self, [0x0A], naming: "HealthCheckRequest")
        expectMalformed(EchoRequest.Origin.self, [0x0A, 0x03, 0x61], naming: "EchoRequest.Origin")
    }

    @Test("a wire type that does not match the field's type is refused")
    func wrongWireType() {
        // text (field 2, a string) sent as a varint.
        expectMalformed(EchoRequest.self, Wire().varintField(2, 1).bytes, naming: "EchoRequest")
    }

    @Test("arbitrary bytes are either decoded or refused with INVALID_ARGUMENT, for every message type")
    func garbageNeverCrashes() {
        var generator = SplitMix64(seed: 0x5EED)
        for round in 0..<2_000 {
            let length = Int(generator.next() % 64)
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if round % 2 == 0, let valid = try? CodingFixtures.fullEchoRequest.protobufBytes() {
                // Mutate a real encoding, which reaches deeper than pure noise.
                bytes = valid
                for _ in 0..<3 { bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next()) }
            }
            for type in ProtoCatalog.messageTypes {
                do {
                    _ = try type.init(protobufBytes: bytes)
                } catch let error as RPCError {
                    #expect(error.code == .invalidArgument)
                } catch {
                    Issue.record("\(type): unexpected error \(error)")
                }
            }
        }
    }

    @Test("unknown fields of every wire type are skipped")
    func unknownFieldsAreSkipped() throws {
        let bytes = Wire()
            .varintField(99, 12345)
            .bytesField(2, Array("kept".utf8))
            .bytesField(100, [0xC3, 0x28, 0x00])  // not checked: nobody reads it as a string
            .fixed32Field(101, 7)
            .raw(Wire.varint(102 << 3 | 1) + [1, 2, 3, 4, 5, 6, 7, 8])
            .varintField(5, 42)
            .bytes
        let decoded = try EchoRequest(protobufBytes: bytes)
        #expect(decoded == EchoRequest(text: "kept", sequence: 42))
        // They are not carried over: re-encoding gives only the known fields.
        #expect(try decoded.protobufBytes() == EchoRequest(text: "kept", sequence: 42).protobufBytes())
    }
}

/// A small deterministic generator, so a failure reproduces.
private struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
