import NIOCore
import NIOEmbedded
import Proto
import Testing

@Suite("RPC frame encoder")
struct TransportFrameEncoderTests {
    @Test("frames written between flushes go out as one buffer")
    func coalescesUntilFlush() throws {
        let channel = EmbeddedChannel(handler: RPCFrameEncoder())
        defer { _ = try? channel.finish() }
        let frames: [RPCFrame] = [
            .reply(RPCReplyFrame(streamID: 1, status: .ok, message: ByteBuffer(string: "one"))),
            .reply(RPCReplyFrame(streamID: 3, status: .notFound, statusMessage: "nope")),
            .pong(7),
        ]
        for frame in frames { channel.write(frame, promise: nil) }
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        channel.flush()
        var written = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        var decoder = RPCFrameDecoder(expectingPreface: false)
        for frame in frames { #expect(try decoder.decodeFrame(from: &written) == frame) }
        #expect(written.readableBytes == 0)
    }

    @Test("a large message is passed on as its own buffer after its header")
    func largeMessageIsNotCopied() throws {
        let channel = EmbeddedChannel(handler: RPCFrameEncoder())
        defer { _ = try? channel.finish() }
        let message = ByteBuffer(repeating: 0xAB, count: RPCFrameEncoder.directWriteThreshold + 1)
        let reply = RPCReplyFrame(streamID: 5, status: .ok, message: message)
        try channel.writeAndFlush(RPCFrame.reply(reply)).wait()
        let header = try #require(try channel.readOutbound(as: ByteBuffer.self))
        let body = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(header.readableBytes == RPCWireFormat.headerLength + 3)
        #expect(body == message)
        var joined = header
        joined.writeImmutableBuffer(body)
        var decoder = RPCFrameDecoder(expectingPreface: false)
        #expect(try decoder.decodeFrame(from: &joined) == .reply(reply))
    }

    @Test("a field longer than its length prefix fails the write instead of corrupting the stream")
    func overlongFieldFailsTheWrite() throws {
        let channel = EmbeddedChannel(handler: RPCFrameEncoder())
        defer { _ = try? channel.finish() }
        let call = RPCCallFrame(
            streamID: 1, method: String(repeating: "m", count: 70_000), timeoutMilliseconds: 0, requestID: "",
            token: nil, message: ByteBuffer())
        #expect(throws: RPCFrameEncodingError.self) { try channel.writeAndFlush(RPCFrame.call(call)).wait() }
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
    }

    @Test("an overlong status message is cut at a character boundary")
    func statusMessageIsTruncated() throws {
        let text = String(repeating: "é", count: 40_000)  // 80,000 bytes of 2-byte characters
        var buffer = ByteBuffer()
        try buffer.writeRPCFrame(.reply(RPCReplyFrame(streamID: 1, status: .internal, statusMessage: text)))
        var decoder = RPCFrameDecoder(expectingPreface: false)
        guard case .reply(let reply) = try decoder.decodeFrame(from: &buffer) else {
            Issue.record("expected a reply")
            return
        }
        #expect(reply.statusMessage.utf8.count == 65_534)
        #expect(reply.statusMessage.allSatisfy { $0 == "é" })
    }
}
