import NIOCore
import NIOPosix
import Proto

/// A bare protocol-level connection for tests that must send exactly chosen frames or bytes
/// (a token for another method, a CALL after GOAWAY, garbage) and read every frame back.
final class RawRPCConnection: Sendable {
    private let channel: any Channel
    private let frames: AsyncStream<RPCFrame>
    private let iterator: IteratorBox

    /// Owns the stream's iterator; only the test's task reads it.
    private final class IteratorBox: @unchecked Sendable {
        // @unchecked: used by one test task at a time, never concurrently.
        var iterator: AsyncStream<RPCFrame>.AsyncIterator
        init(_ iterator: AsyncStream<RPCFrame>.AsyncIterator) { self.iterator = iterator }
    }

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = RPCFrame
        let continuation: AsyncStream<RPCFrame>.Continuation
        init(_ continuation: AsyncStream<RPCFrame>.Continuation) { self.continuation = continuation }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) { continuation.yield(unwrapInboundIn(data)) }
        func channelInactive(context: ChannelHandlerContext) { continuation.finish() }
        func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
    }

    private init(channel: any Channel, frames: AsyncStream<RPCFrame>) {
        self.channel = channel
        self.frames = frames
        self.iterator = IteratorBox(frames.makeAsyncIterator())
    }

    /// Connects to 127.0.0.1:`port`; with `sendPreface` the client preface goes out first.
    static func connect(port: Int, sendPreface: Bool = true) async throws -> RawRPCConnection {
        let (stream, continuation) = AsyncStream.makeStream(of: RPCFrame.self)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        ByteToMessageHandler(RPCFrameDecoder()), RPCFrameEncoder(), Collector(continuation),
                    ])
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        let connection = RawRPCConnection(channel: channel, frames: stream)
        if sendPreface { try await connection.send(.preface(version: RPCWireFormat.version)) }
        return connection
    }

    func send(_ frame: RPCFrame) async throws {
        try await channel.writeAndFlush(frame)
    }

    /// Writes raw bytes, bypassing the frame encoder.
    func send(bytes: [UInt8]) async throws {
        let channel = self.channel
        try await channel.eventLoop.flatSubmit {
            do {
                let context = try channel.pipeline.syncOperations.context(handlerType: ByteToMessageHandler<RPCFrameDecoder>.self)
                return context.writeAndFlush(NIOAny(ByteBuffer(bytes: bytes)))
            } catch {
                return channel.eventLoop.makeFailedFuture(error)
            }
        }.get()
    }

    /// The next frame, or nil once the server closed the connection.
    func next() async throws -> RPCFrame? {
        let box = iterator
        return try await withTimeLimit(120, "reading a frame") { await box.iterator.next() }
    }

    /// The next REPLY, skipping connection frames (preface, settings, pings).
    func nextReply() async throws -> RPCReplyFrame? {
        while let frame = try await next() {
            if case .reply(let reply) = frame { return reply }
        }
        return nil
    }

    /// A CALL carrying a token signed by `tokens` for a call of `tokenMethod` (default:
    /// `method`) with request id `req-<streamID>` and `message`.
    static func call(
        streamID: UInt32, method: String, tokens: ServiceTokenIssuer?, tokenMethod: String? = nil,
        timeoutMilliseconds: UInt32 = 0, message: String = "hello"
    ) -> RPCFrame {
        let requestID = "req-\(streamID)"
        return .call(RPCCallFrame(
            streamID: streamID, method: method, timeoutMilliseconds: timeoutMilliseconds, requestID: requestID,
            token: tokens?.token(method: tokenMethod ?? method, requestID: requestID, message: ByteBuffer(string: message)),
            message: ByteBuffer(string: message)))
    }

    /// Whether a Portico RPC server answers the preface on `port`.
    static func probe(port: Int) async throws -> Bool {
        let connection = try await connect(port: port)
        defer { Task { await connection.close() } }
        return try await connection.next() == .preface(version: RPCWireFormat.version)
    }

    func close() async {
        try? await channel.close()
    }
}
