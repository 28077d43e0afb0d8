import NIOCore
import NIOPosix
import PorticoCore
import PorticoTestSupport
import Proto
import Synchronization
import Testing

@Suite("RPC client: keepalive")
struct ClientKeepaliveTests {
    @Test("a connection whose peer stops answering pings is closed and reconnected")
    func deadPeerIsReplaced() async throws {
        let accepted = Atomic<Int>(0)
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                accepted.add(1, ordering: .relaxed)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        ByteToMessageHandler(RPCFrameDecoder()), RPCFrameEncoder(), PrefaceOnlyHandler(),
                    ])
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        defer { listener.close(promise: nil) }
        let port = try #require(listener.localAddress?.port)
        try await withRPCClient(endpoints: [HostPort(host: "127.0.0.1", port: port)]) { configuration in
            configuration.keepalive = RPCClient.Keepalive(interval: .milliseconds(100), timeout: .milliseconds(100))
            configuration.backoff = RPCClient.Backoff(initial: .milliseconds(20), maximum: .milliseconds(100))
        } _: { client in
            client.connect()
            try await awaitCondition("a second connection after the keepalive timeout") {
                accepted.load(ordering: .relaxed) >= 2
            }
        }
    }
}

/// Answers the preface, then ignores every frame (PINGs included).
final class PrefaceOnlyHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = RPCFrame
    typealias OutboundOut = RPCFrame

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .preface = unwrapInboundIn(data) {
            context.writeAndFlush(wrapOutboundOut(.preface(version: RPCWireFormat.version)), promise: nil)
        }
    }
}
