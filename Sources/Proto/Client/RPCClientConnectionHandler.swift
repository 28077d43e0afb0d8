import Logging
import NIOCore
import PorticoCore
import Synchronization

/// How a client connection ended, which decides how its endpoint is treated.
enum ClientConnectionEnd: Sendable {
    /// The server drained it after a graceful GOAWAY.
    case drained
    /// It failed: reset, protocol error, GOAWAY with an error.
    case lost
    /// The server stopped answering keepalive pings.
    case keepaliveTimeout
    /// The client closed it.
    case closedByClient
}

/// Flags of a client connection that callers read without hopping to its event loop.
final class ClientConnectionFlags: Sendable {
    /// False once the server sent GOAWAY or the connection closed.
    let isAcceptingCalls = Atomic<Bool>(true)
    /// Set by the first reply or pong: the endpoint works, its failure streak is over.
    let hasProvenHealthy = Atomic<Bool>(false)
}

/// Commands from calling tasks to a client connection's event loop.
enum ClientCommand: Sendable {
    case start(ClientCallState, RPCCallFrame, deadline: NIODeadline?)
    case cancel(ClientCallState)
    case ping(EventLoopPromise<Void>, timeout: TimeAmount)
    case close
}

/// One client connection's protocol state, on its event loop: sends the preface, matches
/// replies to waiting calls by stream id, enforces deadlines (DEADLINE_EXCEEDED and CANCEL),
/// sends keepalive pings when idle and closes a connection that stops answering them, stops
/// taking calls after GOAWAY and fails every open call UNAVAILABLE when the connection is lost.
final class RPCClientConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = RPCFrame
    typealias OutboundOut = RPCFrame


    private enum Phase {
        case connecting
        case ready
        case draining
        case closed
    }

    let ready: EventLoopPromise<Void>
    let ended: EventLoopPromise<ClientConnectionEnd>
    let flags: ClientConnectionFlags
    private let endpoint: HostPort
    private let maxFrameSize: Int
    private let keepaliveTimeout: TimeAmount
    private let logger: Logger
    private var context: ChannelHandlerContext?
    private var phase = Phase.connecting
    private var end = ClientConnectionEnd.lost
    private var calls: [UInt32: ClientCallState] = [:]
    private var deadlines = DeadlineHeap<UInt32>()
    private var deadlineTimer = DeadlineTimer()
    private var serverMaxFrameSize = RPCWireFormat.defaultMaxFrameSize
    private var pings: [UInt64: (promise: EventLoopPromise<Void>, timer: Scheduled<Void>)] = [:]
    private var isFinalized = false
    private var keepalive: (data: UInt64, timer: Scheduled<Void>)?
    private var needsFlush = false

    init(endpoint: HostPort, maxFrameSize: Int, keepaliveTimeout: Duration, eventLoop: any EventLoop, logger: Logger) {
        self.endpoint = endpoint
        self.maxFrameSize = maxFrameSize
        self.keepaliveTimeout = .nanoseconds(keepaliveTimeout.nanoseconds)
        self.logger = logger
        self.flags = ClientConnectionFlags()
        self.ready = eventLoop.makePromise()
        self.ended = eventLoop.makePromise()
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { sendPreface(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        sendPreface(context)
        context.fireChannelActive()
    }

    private func sendPreface(_ context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(.preface(version: RPCWireFormat.version)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.settings(RPCSettings(maxFrameSize: UInt32(clamping: max(maxFrameSize, RPCWireFormat.minimumMaxFrameSize))))), promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finalize()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        finalize()
    }

    /// Settles everything once the connection is gone (or never came up): open calls fail
    /// UNAVAILABLE, and the ready and ended promises complete.
    func finalize() {
        guard !isFinalized else { return }
        isFinalized = true
        let wasReady = phase != .connecting
        phase = .closed
        flags.isAcceptingCalls.store(false, ordering: .relaxed)
        let open = calls
        calls.removeAll()
        let lost = RPCError(.unavailable, "the connection to \(endpoint) was lost")
        deadlines = DeadlineHeap()
        deadlineTimer.cancel()
        for call in open.values {
            call.finish(.failed(lost, notProcessed: false))
        }
        for ping in pings.values {
            ping.timer.cancel()
            ping.promise.fail(lost)
        }
        pings.removeAll()
        keepalive?.timer.cancel()
        keepalive = nil
        if !wasReady {
            ready.fail(RPCError(.unavailable, "\(endpoint) closed the connection during the handshake"))
        }
        ended.succeed(end)
        context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .preface:
            phase = .ready
            ready.succeed(())
        case .settings(let settings):
            if let size = settings.maxFrameSize { serverMaxFrameSize = max(Int(size), RPCWireFormat.minimumMaxFrameSize) }
        case .reply(let reply):
            guard let call = calls.removeValue(forKey: reply.streamID) else { return }
            callEnded(reply.streamID)
            flags.hasProvenHealthy.store(true, ordering: .relaxed)
            call.finish(.reply(reply))
            closeIfDrained()
        case .malformed(let malformed) where malformed.type == .reply:
            guard let call = calls.removeValue(forKey: malformed.streamID) else { return }
            callEnded(malformed.streamID)
            call.finish(.failed(RPCError(.internal, "malformed reply from the server: \(malformed.reason)"), notProcessed: false))
            closeIfDrained()
        case .ping(let data):
            context.write(wrapOutboundOut(.pong(data)), promise: nil)
            needsFlush = true
        case .pong(let data):
            flags.hasProvenHealthy.store(true, ordering: .relaxed)
            if let keepalive, keepalive.data == data {
                keepalive.timer.cancel()
                self.keepalive = nil
            }
            if let ping = pings.removeValue(forKey: data) {
                ping.timer.cancel()
                ping.promise.succeed(())
            }
        case .goAway(let goAway):
            if goAway.code != .noError {
                logger.info("rpc server sent GOAWAY", metadata: ["endpoint": "\(endpoint)", "code": "\(goAway.code)", "reason": "\(goAway.reason)"])
            }
            phase = .draining
            end = goAway.code == .noError ? .drained : .lost
            flags.isAcceptingCalls.store(false, ordering: .relaxed)
            closeIfDrained()
        case .call, .cancel, .malformed:
            logger.info("rpc server broke the protocol", metadata: ["endpoint": "\(endpoint)"])
            end = .lost
            context.goAwayAndClose(RPCGoAway(code: .protocolError, reason: "a client does not accept calls"))
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushIfNeeded()
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read, keepalive == nil, phase != .closed else {
            return context.fireUserInboundEventTriggered(event)
        }
        let data = UInt64.random(in: 1...UInt64.max)
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let timer = context.eventLoop.scheduleTask(in: keepaliveTimeout) {
            loopBound.value.keepaliveTimedOut()
        }
        keepalive = (data, timer)
        context.writeAndFlush(wrapOutboundOut(.ping(data)), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("rpc client connection error", metadata: ["endpoint": "\(endpoint)", "error": "\(error)"])
        end = .lost
        context.close(promise: nil)
    }

    private func pingTimedOut(_ data: UInt64) {
        pings.removeValue(forKey: data)?.promise.fail(RPCError(.unavailable, "\(endpoint) did not answer a ping"))
    }

    private func keepaliveTimedOut() {
        guard let context else { return }
        logger.info("rpc keepalive timed out", metadata: ["endpoint": "\(endpoint)"])
        end = .keepaliveTimeout
        context.close(promise: nil)
    }

    // MARK: Commands from calling tasks

    func handle(_ commands: [ClientCommand]) {
        for command in commands {
            switch command {
            case .start(let state, let call, let deadline):
                start(state, call, deadline: deadline)
            case .cancel(let state):
                guard let call = calls[state.streamID], call === state, let context else { continue }
                calls[state.streamID] = nil
                callEnded(state.streamID)
                context.write(wrapOutboundOut(.cancel(streamID: state.streamID)), promise: nil)
                needsFlush = true
            case .ping(let promise, let timeout):
                guard phase == .ready || phase == .draining, let context else {
                    promise.fail(RPCError(.unavailable, "the connection to \(endpoint) is closed"))
                    continue
                }
                var data = UInt64.random(in: 1...UInt64.max)
                while pings[data] != nil { data = UInt64.random(in: 1...UInt64.max) }
                let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
                let timer = context.eventLoop.scheduleTask(in: timeout) { [data] in
                    loopBound.value.pingTimedOut(data)
                }
                pings[data] = (promise, timer)
                context.write(wrapOutboundOut(.ping(data)), promise: nil)
                needsFlush = true
            case .close:
                end = .closedByClient
                context?.close(promise: nil)
            }
        }
        flushIfNeeded()
        closeIfDrained()
    }

    private func start(_ state: ClientCallState, _ call: RPCCallFrame, deadline: NIODeadline?) {
        guard !state.isFinished else { return }
        guard phase == .ready, let context else {
            state.finish(.failed(RPCError(.unavailable, "the connection to \(endpoint) is not taking calls"), notProcessed: true))
            return
        }
        guard calls[call.streamID] == nil else {
            state.finish(.failed(RPCError(.unavailable, "stream id \(call.streamID) is still in use"), notProcessed: true))
            return
        }
        let size = 4 + 8 + call.method.utf8.count + call.requestID.utf8.count + (call.token?.rawValue.utf8.count ?? 0)
            + call.metadata.reduce(0) { $0 + 4 + $1.key.utf8.count + $1.value.utf8.count } + call.message.readableBytes
        guard size <= serverMaxFrameSize else {
            state.finish(.failed(RPCError(
                .resourceExhausted, "the request of \(size) bytes exceeds the server's maximum frame size of \(serverMaxFrameSize)"),
                notProcessed: true))
            return
        }
        calls[call.streamID] = state
        if let deadline {
            deadlines.insert(call.streamID, deadline: deadline)
            let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
            deadlineTimer.arm(for: deadlines.earliest, on: context.eventLoop) {
                loopBound.value.deadlinesDue()
            }
        }
        context.write(wrapOutboundOut(.call(call)), promise: nil)
        needsFlush = true
    }

    /// Ends every call whose deadline has passed with DEADLINE_EXCEEDED and sends its CANCEL.
    private func deadlinesDue() {
        deadlineTimer.fired()
        guard let context else { return }
        for streamID in deadlines.popExpired(now: .now()) {
            guard let call = calls.removeValue(forKey: streamID) else { continue }
            call.finish(.failed(RPCError(.deadlineExceeded, "deadline exceeded"), notProcessed: false))
            context.write(wrapOutboundOut(.cancel(streamID: streamID)), promise: nil)
            needsFlush = true
        }
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        deadlineTimer.arm(for: deadlines.earliest, on: context.eventLoop) {
            loopBound.value.deadlinesDue()
        }
        flushIfNeeded()
        closeIfDrained()
    }

    private func callEnded(_ streamID: UInt32) {
        deadlines.remove(streamID)
    }

    private func closeIfDrained() {
        guard phase == .draining, calls.isEmpty, let context else { return }
        phase = .closed
        flushIfNeeded()
        context.close(promise: nil)
    }

    private func flushIfNeeded() {
        guard needsFlush, let context else { return }
        needsFlush = false
        context.flush()
    }
}

@available(*, unavailable)
extension RPCClientConnectionHandler: Sendable {}
