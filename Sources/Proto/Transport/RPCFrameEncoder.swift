public import NIOCore

/// Writes `RPCFrame`s as bytes, coalescing the frames written between two flushes into one
/// buffer: a burst of small replies costs one allocation and one `writev` entry, not one per
/// frame. A large message (≥ `directWriteThreshold` bytes) is passed on as its own buffer,
/// after its header, without being copied.
public final class RPCFrameEncoder: ChannelOutboundHandler, RemovableChannelHandler {
    public typealias OutboundIn = RPCFrame
    public typealias OutboundOut = ByteBuffer

    /// Messages at least this long are written as their own buffer instead of being copied.
    public static let directWriteThreshold = 16 * 1024

    private var pending: ByteBuffer?
    private var pendingPromise: EventLoopPromise<Void>?

    public init() {}

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let frame = unwrapOutboundIn(data)
        let message = frame.messageBuffer
        let direct = (message?.readableBytes ?? 0) >= Self.directWriteThreshold
        var buffer = pending ?? context.channel.allocator.buffer(capacity: 4096)
        pending = nil
        let start = buffer.writerIndex
        do {
            try buffer.writeRPCFrame(frame, includingMessage: !direct)
        } catch {
            // Nothing of a frame that cannot be encoded reaches the wire.
            buffer.moveWriterIndex(to: start)
            pending = buffer.readableBytes > 0 ? buffer : nil
            promise?.fail(error)
            return
        }
        if direct, let message {
            context.write(wrapOutboundOut(buffer), promise: takePendingPromise())
            context.write(wrapOutboundOut(message), promise: promise)
        } else {
            pending = buffer
            attach(promise)
        }
    }

    public func flush(context: ChannelHandlerContext) {
        writePending(context: context)
        context.flush()
    }

    public func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        // Frames written but not flushed (such as a GOAWAY before a close) still go out.
        if mode != .input {
            writePending(context: context)
            context.flush()
        }
        context.close(mode: mode, promise: promise)
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        writePending(context: context)
    }

    private func writePending(context: ChannelHandlerContext) {
        guard let buffer = pending else { return }
        pending = nil
        context.write(wrapOutboundOut(buffer), promise: takePendingPromise())
    }

    private func attach(_ promise: EventLoopPromise<Void>?) {
        guard let promise else { return }
        if let existing = pendingPromise {
            existing.futureResult.cascade(to: promise)
        } else {
            pendingPromise = promise
        }
    }

    private func takePendingPromise() -> EventLoopPromise<Void>? {
        defer { pendingPromise = nil }
        return pendingPromise
    }
}

@available(*, unavailable)
extension RPCFrameEncoder: Sendable {}
