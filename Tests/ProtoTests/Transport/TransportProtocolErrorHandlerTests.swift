import NIOCore
import NIOEmbedded
import Proto
import Testing

@Suite("RPC protocol error handler")
struct TransportProtocolErrorHandlerTests {
    /// A channel with the server's codec and error handler, as the server sets it up.
    static func channel(role: RPCProtocolErrorHandler.Role = .server, maxFrameSize: Int = 4096) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers([
            ByteToMessageHandler(RPCFrameDecoder(maxFrameSize: maxFrameSize)),
            RPCFrameEncoder(),
            RPCProtocolErrorHandler(role: role),
        ])
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    /// Everything the channel wrote, decoded as the peer would (its preface first when expected).
    static func written(_ channel: EmbeddedChannel, expectingPreface: Bool) throws -> [RPCFrame] {
        var bytes = ByteBuffer()
        while var buffer = try channel.readOutbound(as: ByteBuffer.self) { bytes.writeBuffer(&buffer) }
        var decoder = RPCFrameDecoder(expectingPreface: expectingPreface)
        var frames: [RPCFrame] = []
        while let frame = try decoder.decodeFrame(from: &bytes) { frames.append(frame) }
        return frames
    }

    @Test("garbage instead of a preface gets the server's preface, GOAWAY PROTOCOL_ERROR and a close")
    func garbagePreface() throws {
        let channel = try Self.channel()
        #expect(throws: RPCProtocolError.badPreface) {
            try channel.writeInbound(ByteBuffer(string: "GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
        }
        let frames = try Self.written(channel, expectingPreface: true)
        #expect(frames.count == 2)
        #expect(frames.first == .preface(version: RPCWireFormat.version))
        guard case .goAway(let goAway) = frames.last else {
            Issue.record("expected GOAWAY, got \(frames)")
            return
        }
        #expect(goAway.code == .protocolError)
        #expect(!channel.isActive)
    }

    @Test("a preface of another version gets GOAWAY UNSUPPORTED_VERSION naming our version")
    func wrongVersion() throws {
        let channel = try Self.channel()
        #expect(throws: RPCProtocolError.unsupportedVersion(7)) {
            try channel.writeInbound(ByteBuffer(bytes: RPCWireFormat.magic + [7]))
        }
        let frames = try Self.written(channel, expectingPreface: true)
        guard frames.count == 2, case .goAway(let goAway) = frames[1] else {
            Issue.record("expected preface and GOAWAY, got \(frames)")
            return
        }
        #expect(goAway.code == .unsupportedVersion)
        #expect(goAway.reason.contains("speaks 1"))
        #expect(!channel.isActive)
    }

    @Test("an oversize frame after the preface gets GOAWAY FRAME_TOO_LARGE, and later bytes are ignored")
    func oversizeFrame() throws {
        let channel = try Self.channel(maxFrameSize: 2048)
        try channel.writeInbound(ByteBuffer(bytes: RPCWireFormat.magic + [1]))
        #expect(try channel.readInbound(as: RPCFrame.self) == .preface(version: 1))
        #expect(throws: RPCProtocolError.self) {
            try channel.writeInbound(ByteBuffer(bytes: [1, 0x01, 0, 0, 0, 0, 0, 1, 0x7F, 0xFF, 0xFF, 0xFF]))
        }
        // More bytes after the error are dropped, not buffered or decoded.
        _ = try? channel.writeInbound(ByteBuffer(repeating: 0, count: 10_000))
        let frames = try Self.written(channel, expectingPreface: false)
        #expect(frames == [.goAway(RPCGoAway(code: .frameTooLarge, reason: "frame payload of 2147483647 bytes exceeds the maximum of 2048"))])
        #expect(!channel.isActive)
    }

    @Test("a truncated frame whose connection ends is dropped without output")
    func truncatedAtEOF() throws {
        let channel = try Self.channel()
        try channel.writeInbound(ByteBuffer(bytes: RPCWireFormat.magic + [1] + [1, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 1, 2]))
        #expect(try channel.readInbound(as: RPCFrame.self) == .preface(version: 1))
        #expect(try channel.readInbound(as: RPCFrame.self) == nil)
        _ = try? channel.close().wait()
        #expect(try Self.written(channel, expectingPreface: false).isEmpty)
    }

    @Test("on a client, an error is answered by GOAWAY alone")
    func clientRole() throws {
        let channel = try Self.channel(role: .client)
        #expect(throws: RPCProtocolError.badPreface) { try channel.writeInbound(ByteBuffer(string: "SSH-2.0")) }
        let frames = try Self.written(channel, expectingPreface: false)
        #expect(frames.count == 1)
        #expect(!channel.isActive)
    }
}
