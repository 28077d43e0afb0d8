import NIOCore
import NIOEmbedded
import NIOTestUtils
import Proto
import Testing

@Suite("RPC frame decoder")
struct TransportFrameDecoderTests {
    static let sampleFrames: [RPCFrame] = [
        .call(RPCCallFrame(
            streamID: 1, method: "portico.test.Echo/Echo", timeoutMilliseconds: 1500, requestID: "req-1",
            token: ServiceToken("v1.token"), metadata: ["tenant": "acme", "trace": "a|b"],
            message: ByteBuffer(bytes: [0x0A, 0x03, 0x61, 0x62, 0x63]))),
        .call(RPCCallFrame(streamID: 2, method: "m", timeoutMilliseconds: 0, requestID: "", token: nil, message: ByteBuffer())),
        .reply(RPCReplyFrame(streamID: 1, status: .ok, message: ByteBuffer(bytes: [1, 2, 3]))),
        .reply(RPCReplyFrame(streamID: 3, status: .unavailable, statusMessage: "shutting down", isNotProcessed: true)),
        .cancel(streamID: 9),
        .ping(0x0102_0304_0506_0708),
        .pong(42),
        .goAway(RPCGoAway(code: .noError, reason: "bye")),
        .settings(RPCSettings(maxFrameSize: 65536, maxConcurrentStreams: 100)),
        .settings(RPCSettings()),
    ]

    static func encoded(_ frames: [RPCFrame]) throws -> ByteBuffer {
        var buffer = ByteBuffer()
        for frame in frames { try buffer.writeRPCFrame(frame) }
        return buffer
    }

    @Test("every frame type survives every byte split (ByteToMessageDecoderVerifier)")
    func byteSplitVerification() throws {
        let pairs = try Self.sampleFrames.map { (try Self.encoded([$0]), [$0]) }
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) {
            RPCFrameDecoder(maxFrameSize: 64 * 1024, expectingPreface: false)
        }
    }

    @Test("the preface followed by frames decodes the same at every split point and byte by byte")
    func prefaceThenFramesAtEverySplit() throws {
        // The verifier replays inputs on one decoder, which sees a preface only once, so the
        // preface's splits are checked here.
        let frames = [RPCFrame.preface(version: RPCWireFormat.version)] + Self.sampleFrames
        let bytes = Array(try Self.encoded(frames).readableBytesView)
        for split in 0...bytes.count {
            #expect(try Self.decode(chunks: [Array(bytes[..<split]), Array(bytes[split...])]) == frames)
        }
        #expect(try Self.decode(chunks: bytes.map { [$0] }) == frames)
    }

    /// Feeds `chunks` to one decoder as a channel would, collecting the frames.
    static func decode(chunks: [[UInt8]]) throws -> [RPCFrame] {
        var decoder = RPCFrameDecoder(maxFrameSize: 64 * 1024)
        var buffer = ByteBuffer()
        var frames: [RPCFrame] = []
        for chunk in chunks {
            buffer.writeBytes(chunk)
            while let frame = try decoder.decodeFrame(from: &buffer) { frames.append(frame) }
        }
        return frames
    }

    @Test("a wrong magic is refused at the first differing byte")
    func wrongMagic() throws {
        var decoder = RPCFrameDecoder()
        var buffer = ByteBuffer(string: "G")
        #expect(throws: RPCProtocolError.badPreface) { try decoder.decodeFrame(from: &buffer) }
        var partial = ByteBuffer(string: "PORT")
        var fresh = RPCFrameDecoder()
        #expect(try fresh.decodeFrame(from: &partial) == nil)
    }

    @Test("a preface of another version is refused with that version")
    func wrongPrefaceVersion() throws {
        var decoder = RPCFrameDecoder()
        var buffer = ByteBuffer(bytes: RPCWireFormat.magic + [2])
        #expect(throws: RPCProtocolError.unsupportedVersion(2)) { try decoder.decodeFrame(from: &buffer) }
    }

    @Test("a header declaring more than the maximum is refused before any payload arrives")
    func oversizeFrame() throws {
        var decoder = RPCFrameDecoder(maxFrameSize: 4096, expectingPreface: false)
        // CALL on stream 1 declaring 1 GiB, with no payload bytes at all.
        var buffer = ByteBuffer(bytes: [1, 0x01, 0, 0, 0, 0, 0, 1, 0x40, 0, 0, 0])
        let capacity = buffer.capacity
        #expect(throws: RPCProtocolError.frameTooLarge(length: 0x4000_0000, maxFrameSize: 4096)) {
            try decoder.decodeFrame(from: &buffer)
        }
        #expect(buffer.capacity == capacity)
    }

    @Test("a payload of exactly the maximum is accepted")
    func frameOfMaximumSize() throws {
        var decoder = RPCFrameDecoder(maxFrameSize: 4096, expectingPreface: false)
        let reply = RPCReplyFrame(streamID: 5, status: .ok, message: ByteBuffer(repeating: 7, count: 4096 - 3))
        var buffer = try Self.encoded([.reply(reply)])
        #expect(try decoder.decodeFrame(from: &buffer) == .reply(reply))
    }

    @Test("a frame header of another version is refused")
    func wrongHeaderVersion() throws {
        var decoder = RPCFrameDecoder(expectingPreface: false)
        var buffer = ByteBuffer(bytes: [9, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8])
        #expect(throws: RPCProtocolError.unsupportedVersion(9)) { try decoder.decodeFrame(from: &buffer) }
    }

    @Test("an unknown frame type is refused from its header")
    func unknownType() throws {
        var decoder = RPCFrameDecoder(expectingPreface: false)
        var buffer = ByteBuffer(bytes: [1, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0])
        #expect(throws: RPCProtocolError.unknownFrameType(0x7F)) { try decoder.decodeFrame(from: &buffer) }
    }

    @Test("call frames on stream 0 and connection frames on a stream are refused")
    func streamIDRules() throws {
        var decoder = RPCFrameDecoder(expectingPreface: false)
        var call = ByteBuffer(bytes: [1, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(throws: RPCProtocolError.invalidStreamID(type: .call, streamID: 0)) { try decoder.decodeFrame(from: &call) }
        var ping = ByteBuffer(bytes: [1, 0x04, 0, 0, 0, 0, 0, 3, 0, 0, 0, 8])
        #expect(throws: RPCProtocolError.invalidStreamID(type: .ping, streamID: 3)) { try decoder.decodeFrame(from: &ping) }
    }

    @Test("a ping whose length is not 8 is refused from its header")
    func pingLength() throws {
        var decoder = RPCFrameDecoder(expectingPreface: false)
        var buffer = ByteBuffer(bytes: [1, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9])
        #expect(throws: RPCProtocolError.invalidLength(type: .ping, length: 9)) { try decoder.decodeFrame(from: &buffer) }
    }

    @Test("a CALL whose method runs past its payload becomes a malformed frame on its stream")
    func truncatedCallPayload() throws {
        var decoder = RPCFrameDecoder(expectingPreface: false)
        // Payload: timeout (4 bytes), then a method length of 200 with 2 bytes of method.
        var buffer = ByteBuffer(bytes: [1, 0x01, 0, 0, 0, 0, 0, 7, 0, 0, 0, 8, 0, 0, 0, 0, 0, 200, 0x61, 0x62])
        let frame = try decoder.decodeFrame(from: &buffer)
        guard case .malformed(let malformed) = frame else {
            Issue.record("expected a malformed frame, got \(String(describing: frame))")
            return
        }
        #expect(malformed.streamID == 7)
        #expect(malformed.type == .call)
        #expect(malformed.reason.contains("method"))
        #expect(buffer.readableBytes == 0)
    }

    @Test("a CALL with a method that is not UTF-8 becomes a malformed frame")
    func invalidUTF8Method() throws {
        var decoder = RPCFrameDecoder(expectingPreface: false)
        let payload: [UInt8] = [0, 0, 0, 0, 0, 2, 0xC3, 0x28, 0, 0, 0, 0, 0, 0, 0, 0]
        var buffer = ByteBuffer(bytes: [1, 0x01, 0, 0, 0, 0, 0, 3, 0, 0, 0, UInt8(payload.count)] + payload)
        guard case .malformed(let malformed) = try decoder.decodeFrame(from: &buffer) else {
            Issue.record("expected a malformed frame")
            return
        }
        #expect(malformed.reason == "method is not valid UTF-8")
    }

    @Test("a metadata count the payload cannot hold is refused without reserving for it")
    func metadataCountBeyondPayload() throws {
        var decoder = RPCFrameDecoder(expectingPreface: false)
        let payload: [UInt8] = [0, 0, 0, 0, 0, 1, 0x6D, 0, 0, 0, 0, 0xFF, 0xFF]
        var buffer = ByteBuffer(bytes: [1, 0x01, 0, 0, 0, 0, 0, 3, 0, 0, 0, UInt8(payload.count)] + payload)
        guard case .malformed(let malformed) = try decoder.decodeFrame(from: &buffer) else {
            Issue.record("expected a malformed frame")
            return
        }
        #expect(malformed.reason.contains("metadata count"))
    }

    @Test("random garbage never crashes the decoder and never buffers beyond the maximum frame")
    func garbage() throws {
        var generator = GarbageGenerator(seed: 0x5EED)
        for round in 0..<2000 {
            let length = Int(generator.next() % 300)
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if round % 2 == 0 { bytes = [1] + bytes }  // often a plausible version byte
            let outcome = RPCFrameDecoderFuzzing.decode(bytes, maxFrameSize: 1024, expectingPreface: round % 3 == 0)
            #expect(outcome.retainedBytes <= 1024 + RPCWireFormat.headerLength)
            #expect(outcome.roundTripMismatch == nil)
        }
    }
}

/// A tiny deterministic generator, so the garbage test is reproducible.
struct GarbageGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
