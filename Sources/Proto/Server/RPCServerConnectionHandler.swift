import Logging
import NIOCore
import PorticoTLS

/// One server connection's protocol state, on its event loop: answers the preface, starts a
/// task per call (at most `maxConcurrentStreams` at once), cancels it on CANCEL or at its
/// deadline (replying DEADLINE_EXCEEDED), writes replies in batches with one flush, answers
/// PINGs, and drains on shutdown (GOAWAY, finish open calls, close). Closes a connection that
/// sends no preface in time, leaves a frame unfinished too long, or stays idle.
final class RPCServerConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = RPCFrame
    typealias OutboundOut = RPCFrame

    /// A finished call, sent from its task to the event loop.
    struct Completion: Sendable {
        var sequence: UInt64
        var reply: RPCReplyFrame
    }

    private struct OpenCall {
        var sequence: UInt64
        var task: Task<Void, Never>
    }

    private enum Phase {
        case awaitingPreface
        case serving
        /// GOAWAY sent; `acknowledged` once the client's PONG shows it has seen it, so no call
        /// it sent can still be on the way.
        case draining(acknowledged: Bool)
        case closed
    }

    private let dispatcher: RPCCallDispatcher
    private let maxConcurrentStreams: Int
    private let maxFrameSize: Int
    private let logger: Logger
    private var context: ChannelHandlerContext?
    private var mailbox: EventLoopMailbox<Completion>?
    private var phase = Phase.awaitingPreface
    private var calls: [UInt32: OpenCall] = [:]
    private var deadlines = DeadlineHeap<UInt32>()
    private var deadlineTimer = DeadlineTimer()
    private var runningTasks = 0
    private var nextSequence: UInt64 = 0
    private var peerMaxFrameSize = RPCWireFormat.defaultMaxFrameSize
    private var needsFlush = false
    private let drainPing = UInt64.random(in: 1...UInt64.max)
    private let handshakeTimeout: TimeAmount
    private var handshakeTimer: Scheduled<Void>?
    private let frameTimeout: TimeAmount
    private var frameTimer: Scheduled<Void>?
    private let idleTimeout: TimeAmount
    private var idleTimer: Scheduled<Void>?
    /// The CN of the peer's verified TLS client certificate, once the handshake told it.
    private var peerCommonName: String?
    /// When a frame last arrived or a call last finished.
    private var lastActivity = NIODeadline.now()

    init(dispatcher: RPCCallDispatcher, configuration: RPCServer.Configuration, logger: Logger) {
        self.dispatcher = dispatcher
        self.maxConcurrentStreams = configuration.maxConcurrentStreams
        self.maxFrameSize = max(configuration.maxFrameSize, RPCWireFormat.minimumMaxFrameSize)
        self.handshakeTimeout = .nanoseconds(configuration.handshakeTimeout.nanoseconds)
        self.frameTimeout = .nanoseconds(configuration.frameTimeout.nanoseconds)
        self.idleTimeout = .nanoseconds(configuration.idleTimeout.nanoseconds)
        self.logger = logger
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        mailbox = EventLoopMailbox(eventLoop: context.eventLoop) { batch in
            loopBound.value.complete(batch)
        }
        // A peer that connects and never sends its preface does not hold a connection for long.
        handshakeTimer = context.eventLoop.scheduleTask(in: handshakeTimeout) {
            loopBound.value.handshakeTimedOut()
        }
    }

    private func handshakeTimedOut() {
        guard case .awaitingPreface = phase, let context else { return }
        logger.debug("rpc client sent no preface in time")
        phase = .closed
        context.close(promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event as? RPCFrameProgress {
        case .partialFrame?:
            guard frameTimer == nil else { return }
            let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
            frameTimer = context.eventLoop.scheduleTask(in: frameTimeout) { loopBound.value.frameTimedOut() }
        case .frameCompleted?:
            frameTimer?.cancel()
            frameTimer = nil
        case nil:
            if let handshake = event as? TLSHandshakeCompleted {
                peerCommonName = handshake.peerCommonName
                return
            }
            context.fireUserInboundEventTriggered(event)
        }
    }

    private func frameTimedOut() {
        frameTimer = nil
        guard let context, !isClosed else { return }
        logger.debug("rpc client left a frame unfinished too long")
        if case .awaitingPreface = phase {
            // Nothing is written before the preface; the handshake timer closes it too.
            phase = .closed
            return context.close(promise: nil)
        }
        phase = .closed
        context.goAwayAndClose(RPCGoAway(
            code: .protocolError, reason: "a frame was not completed within \(frameTimeout.nanoseconds / 1_000_000) ms"))
    }

    private func scheduleIdleCheck(at deadline: NIODeadline) {
        guard let context else { return }
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        idleTimer = context.eventLoop.scheduleTask(deadline: deadline) { loopBound.value.idleCheck() }
    }

    /// Drains the connection when it has had no call open and read nothing for `idleTimeout`.
    private func idleCheck() {
        guard case .serving = phase else { return }
        let now = NIODeadline.now()
        guard calls.isEmpty else { return scheduleIdleCheck(at: now + idleTimeout) }
        guard now - lastActivity >= idleTimeout else { return scheduleIdleCheck(at: lastActivity + idleTimeout) }
        logger.debug("rpc connection idle, closing")
        drain(reason: "the connection is idle")
        // A client that never answers the PING does not keep the connection either.
        guard let context else { return }
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        idleTimer = context.eventLoop.scheduleTask(in: handshakeTimeout) { loopBound.value.closeNow() }
    }

    /// Stops reading while replies cannot be written, so a caller that sends calls but never
    /// reads their replies cannot make the server buffer without bound.
    func channelWritabilityChanged(context: ChannelHandlerContext) {
        try? context.channel.syncOptions?.setOption(.autoRead, value: context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        phase = .closed
        for call in calls.values { call.task.cancel() }
        calls.removeAll()
        deadlines = DeadlineHeap()
        deadlineTimer.cancel()
        handshakeTimer?.cancel()
        frameTimer?.cancel()
        idleTimer?.cancel()
        // Breaks the handler -> mailbox -> handler cycle; running tasks keep the mailbox alive.
        mailbox = nil
        self.context = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastActivity = .now()
        switch unwrapInboundIn(data) {
        case .preface:
            handshakeTimer?.cancel()
            guard case .awaitingPreface = phase else { return }
            phase = .serving
            scheduleIdleCheck(at: lastActivity + idleTimeout)
            context.write(wrapOutboundOut(.preface(version: RPCWireFormat.version)), promise: nil)
            let settings = RPCSettings(
                maxFrameSize: UInt32(clamping: maxFrameSize), maxConcurrentStreams: UInt32(clamping: maxConcurrentStreams))
            context.write(wrapOutboundOut(.settings(settings)), promise: nil)
            needsFlush = true
        case .call(let call):
            receive(call, context: context)
        case .malformed(let malformed) where malformed.type == .call:
            guard calls[malformed.streamID] == nil else {
                return protocolViolation(.unexpectedFrame(type: .call, reason: "stream \(malformed.streamID) is already open"))
            }
            dispatcher.metrics.record(method: RPCMetrics.unknownMethodLabel, code: .invalidArgument, duration: .zero)
            write(RPCReplyFrame(streamID: malformed.streamID, error: RPCError(.invalidArgument, malformed.reason)))
        case .cancel(let streamID):
            guard let call = calls.removeValue(forKey: streamID) else { return }
            call.task.cancel()
            deadlines.remove(streamID)
            write(RPCReplyFrame(streamID: streamID, error: RPCError(.cancelled, "cancelled by the caller")))
            finishIfDrained()
        case .ping(let data):
            context.write(wrapOutboundOut(.pong(data)), promise: nil)
            needsFlush = true
        case .pong(let data):
            if case .draining(acknowledged: false) = phase, data == drainPing {
                phase = .draining(acknowledged: true)
                finishIfDrained()
            }
        case .settings(let settings):
            // Every peer accepts at least the minimum, whatever it advertises.
            if let size = settings.maxFrameSize { peerMaxFrameSize = max(Int(size), RPCWireFormat.minimumMaxFrameSize) }
        case .goAway:
            // The client is leaving; its open calls are still answered until it closes.
            break
        case .reply, .malformed:
            protocolViolation(.unexpectedFrame(type: .reply, reason: "a server does not accept replies"))
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushIfNeeded()
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !(error is RPCProtocolError) {
            logger.debug("rpc connection error", metadata: ["error": "\(error)"])
            context.close(promise: nil)
        }
    }

    // MARK: Calls

    private func receive(_ call: RPCCallFrame, context: ChannelHandlerContext) {
        guard calls[call.streamID] == nil else {
            return protocolViolation(.unexpectedFrame(type: .call, reason: "stream \(call.streamID) is already open"))
        }
        switch phase {
        case .draining, .closed:
            return write(RPCReplyFrame(
                streamID: call.streamID, error: RPCError(.unavailable, "the server is shutting down"), isNotProcessed: true))
        case .awaitingPreface, .serving:
            break
        }
        guard runningTasks < maxConcurrentStreams, let mailbox else {
            dispatcher.metrics.record(method: RPCMetrics.unknownMethodLabel, code: .resourceExhausted, duration: .zero)
            return write(RPCReplyFrame(
                streamID: call.streamID,
                error: RPCError(.resourceExhausted, "too many concurrent calls on this connection (limit \(maxConcurrentStreams))"),
                isNotProcessed: true))
        }
        let receivedAt = ContinuousClock.now
        let deadline = call.timeoutMilliseconds == 0 ? nil : receivedAt + .milliseconds(call.timeoutMilliseconds)
        let sequence = nextSequence
        nextSequence &+= 1
        runningTasks += 1
        let dispatcher = self.dispatcher
        let peerCommonName = self.peerCommonName
        let task = Task {
            let reply = await dispatcher.dispatch(call, deadline: deadline, receivedAt: receivedAt, peerCommonName: peerCommonName)
            mailbox.send(Completion(sequence: sequence, reply: reply))
        }
        calls[call.streamID] = OpenCall(sequence: sequence, task: task)
        if call.timeoutMilliseconds > 0 {
            deadlines.insert(call.streamID, deadline: .now() + .milliseconds(Int64(call.timeoutMilliseconds)))
            armDeadlineTimer(context.eventLoop)
        }
    }

    /// Called on the event loop with replies from finished tasks.
    private func complete(_ batch: [Completion]) {
        for completion in batch {
            runningTasks -= 1
            let streamID = completion.reply.streamID
            // A call already answered (cancelled, timed out) or closed: its late reply is dropped.
            guard let call = calls[streamID], call.sequence == completion.sequence else { continue }
            calls[streamID] = nil
            deadlines.remove(streamID)
            write(sizedForPeer(completion.reply))
        }
        lastActivity = .now()
        flushIfNeeded()
        finishIfDrained()
    }

    private func armDeadlineTimer(_ eventLoop: any EventLoop) {
        let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
        deadlineTimer.arm(for: deadlines.earliest, on: eventLoop) {
            loopBound.value.deadlinesDue()
        }
    }

    /// Cancels every call whose deadline has passed and answers it DEADLINE_EXCEEDED.
    private func deadlinesDue() {
        deadlineTimer.fired()
        guard let context else { return }
        for streamID in deadlines.popExpired(now: .now()) {
            guard let call = calls.removeValue(forKey: streamID) else { continue }
            call.task.cancel()
            write(RPCReplyFrame(streamID: streamID, error: RPCError(.deadlineExceeded, "deadline exceeded")))
        }
        armDeadlineTimer(context.eventLoop)
        flushIfNeeded()
        finishIfDrained()
    }

    private func sizedForPeer(_ reply: RPCReplyFrame) -> RPCReplyFrame {
        let payload = 3 + reply.statusMessage.utf8.count + reply.message.readableBytes
        guard payload > peerMaxFrameSize else { return reply }
        return RPCReplyFrame(streamID: reply.streamID, error: RPCError(
            .resourceExhausted,
            "the response of \(reply.message.readableBytes) bytes exceeds the caller's maximum frame size of \(peerMaxFrameSize)"))
    }

    // MARK: Shutdown

    /// Starts a graceful drain: GOAWAY, then a PING whose PONG shows the client has seen it.
    func drain(reason: String = "the server is shutting down") {
        guard let context else { return }
        switch phase {
        case .awaitingPreface:
            phase = .closed
            context.close(promise: nil)
        case .serving:
            phase = .draining(acknowledged: false)
            context.write(wrapOutboundOut(.goAway(RPCGoAway(code: .noError, reason: reason))), promise: nil)
            context.write(wrapOutboundOut(.ping(drainPing)), promise: nil)
            context.flush()
        case .draining, .closed:
            break
        }
    }

    /// Ends the connection now: cancels every call still running and closes.
    func closeNow() {
        guard let context else { return }
        context.close(promise: nil)
    }

    private func finishIfDrained() {
        guard case .draining(acknowledged: true) = phase, calls.isEmpty, let context else { return }
        phase = .closed
        flushIfNeeded()
        context.close(promise: nil)
    }

    // MARK: Writing

    private func write(_ reply: RPCReplyFrame) {
        guard let context else { return }
        context.write(wrapOutboundOut(.reply(reply)), promise: nil)
        needsFlush = true
    }

    private func flushIfNeeded() {
        guard needsFlush, let context else { return }
        needsFlush = false
        context.flush()
    }

    private func protocolViolation(_ error: RPCProtocolError) {
        guard let context, !isClosed else { return }
        phase = .closed
        logger.debug("rpc protocol violation", metadata: ["error": "\(error)"])
        context.goAwayAndClose(error.goAway)
    }

    private var isClosed: Bool {
        if case .closed = phase { return true }
        return false
    }
}

@available(*, unavailable)
extension RPCServerConnectionHandler: Sendable {}
