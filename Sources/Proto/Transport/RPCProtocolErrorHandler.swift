public import NIOCore

/// Turns the frame decoder's `RPCProtocolError`s into the protocol's answer: a GOAWAY naming
/// the error, then closing the connection. Sits right after the decoder. On a server that has
/// not yet answered the preface (a bad magic or version), the server's own preface goes first,
/// so a client of another version learns which version the server speaks.
public final class RPCProtocolErrorHandler: ChannelInboundHandler {
    public typealias InboundIn = RPCFrame
    public typealias InboundOut = RPCFrame
    public typealias OutboundOut = RPCFrame

    /// Which side of the connection the handler serves.
    public enum Role: Sendable {
        case server
        case client
    }

    private let role: Role
    private var prefaceSeen = false
    private var reported = false

    public init(role: Role) {
        self.role = role
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .preface = unwrapInboundIn(data) { prefaceSeen = true }
        context.fireChannelRead(data)
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? RPCProtocolError {
            guard !reported else { return }
            reported = true
            if role == .server && !prefaceSeen {
                context.write(wrapOutboundOut(.preface(version: RPCWireFormat.version)), promise: nil)
            }
            context.goAwayAndClose(error.goAway)
        } else if case ByteToMessageDecoderError.dataReceivedInErrorState = error {
            // Bytes after a protocol error: already answered, the connection is closing.
            return
        }
        context.fireErrorCaught(error)
    }
}

@available(*, unavailable)
extension RPCProtocolErrorHandler: Sendable {}

extension ChannelHandlerContext {
    /// Sends `goAway` and closes the connection once it is written.
    func goAwayAndClose(_ goAway: RPCGoAway) {
        let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
        writeAndFlush(NIOAny(RPCFrame.goAway(goAway))).whenComplete { _ in
            loopBound.value.close(promise: nil)
        }
    }
}
