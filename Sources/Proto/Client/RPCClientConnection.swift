import Logging
import NIOCore
import NIOPosix
import PorticoTLS
import PorticoCore
import Synchronization

/// One multiplexed connection from a client to one server endpoint: any number of calls at
/// once, each on its own stream id (odd numbers would do as well; Portico simply counts up from
/// 1, skipping 0, and wraps). Calls are handed to the event loop through a mailbox so a burst
/// of them costs one wake-up and one flush.
final class RPCClientConnection: Sendable {
    let endpoint: HostPort
    let flags: ClientConnectionFlags
    private let channel: any Channel
    private let mailbox: EventLoopMailbox<ClientCommand>
    private let ended: EventLoopFuture<ClientConnectionEnd>
    private let nextStreamID = Atomic<UInt32>(0)

    private init(endpoint: HostPort, channel: any Channel, handler: NIOLoopBound<RPCClientConnectionHandler>,
                 flags: ClientConnectionFlags, ended: EventLoopFuture<ClientConnectionEnd>) {
        self.endpoint = endpoint
        self.channel = channel
        self.flags = flags
        self.ended = ended
        self.mailbox = EventLoopMailbox(eventLoop: channel.eventLoop) { commands in
            handler.value.handle(commands)
        }
    }

    /// Connects to `endpoint` and completes the preface exchange.
    /// - Throws: `RPCError` `.unavailable` when the endpoint refuses, times out or is not a
    ///   Portico RPC server.
    static func connect(
        to endpoint: HostPort, serverName: String? = nil, on eventLoop: any EventLoop,
        configuration: RPCClient.Configuration, logger: Logger
    ) async throws -> RPCClientConnection {
        let handler = try await eventLoop.submit {
            NIOLoopBound(
                RPCClientConnectionHandler(
                    endpoint: endpoint, maxFrameSize: configuration.maxFrameSize,
                    keepaliveTimeout: configuration.keepalive.timeout, eventLoop: eventLoop, logger: logger),
                eventLoop: eventLoop)
        }.get()
        let (flags, ready, ended) = try await eventLoop.submit {
            (handler.value.flags, handler.value.ready.futureResult, handler.value.ended.futureResult)
        }.get()
        let connectTimeout = TimeAmount.nanoseconds(configuration.connectTimeout.nanoseconds)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoop)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelOption(.maxMessagesPerRead, value: 16)
                .connectTimeout(connectTimeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls = configuration.tls {
                            try channel.pipeline.syncOperations.addHandler(TLSHandler(context: tls, serverName: serverName ?? endpoint.host))
                        }
                        try channel.pipeline.syncOperations.addHandlers([
                            ByteToMessageHandler(RPCFrameDecoder(maxFrameSize: configuration.maxFrameSize)),
                            RPCFrameEncoder(),
                            RPCProtocolErrorHandler(role: .client),
                            IdleStateHandler(readTimeout: .nanoseconds(configuration.keepalive.interval.nanoseconds)),
                            handler.value,
                        ])
                    }
                }
                .connect(host: endpoint.host, port: endpoint.port)
                .get()
        } catch {
            eventLoop.execute { handler.value.finalize() }
            throw RPCError(.unavailable, "cannot connect to \(endpoint): \(error)", cause: error)
        }
        let handshakeTimeout = eventLoop.scheduleTask(in: connectTimeout) { channel.close(promise: nil) }
        do {
            try await ready.get()
            handshakeTimeout.cancel()
        } catch {
            handshakeTimeout.cancel()
            channel.close(promise: nil)
            throw RPCError(.unavailable, "\(endpoint) did not complete the RPC handshake")
        }
        return RPCClientConnection(endpoint: endpoint, channel: channel, handler: handler, flags: flags, ended: ended)
    }

    /// Whether new calls may be started on this connection.
    var isAcceptingCalls: Bool { flags.isAcceptingCalls.load(ordering: .relaxed) }

    /// Sends `call` (its stream id is assigned here) and waits for its outcome. Cancelling the
    /// calling task ends the attempt at once and sends CANCEL.
    func call(_ call: RPCCallFrame, deadline: ContinuousClock.Instant?) async -> ClientCallState.Outcome {
        var call = call
        call.streamID = allocateStreamID()
        let state = ClientCallState(streamID: call.streamID)
        let nioDeadline = deadline.map { NIODeadline.now() + .nanoseconds(($0 - ContinuousClock.now).nanoseconds) }
        let mailbox = self.mailbox
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                guard state.install(continuation) else { return }
                mailbox.send(.start(state, call, deadline: nioDeadline))
            }
        } onCancel: {
            if state.finish(.failed(RPCError(.cancelled, "the call was cancelled"), notProcessed: false)) {
                mailbox.send(.cancel(state))
            }
        }
    }

    /// Sends a PING and waits for its PONG, at most `timeout`.
    func ping(timeout: Duration) async throws {
        let promise = channel.eventLoop.makePromise(of: Void.self)
        mailbox.send(.ping(promise, timeout: .nanoseconds(timeout.nanoseconds)))
        try await promise.futureResult.get()
    }

    /// Waits until the connection has closed, and says how.
    func closed() async -> ClientConnectionEnd {
        (try? await ended.get()) ?? .lost
    }

    /// Closes the connection; open calls fail UNAVAILABLE.
    func close() {
        mailbox.send(.close)
    }

    private func allocateStreamID() -> UInt32 {
        while true {
            let id = nextStreamID.wrappingAdd(1, ordering: .relaxed).newValue
            if id != 0 { return id }
        }
    }
}
