public import CoreMetrics
public import Logging
public import NIOCore
public import NIOPosix
public import ServiceLifecycle
import PorticoTLS
import Synchronization

/// Serves RPC calls over Portico's wire protocol: a swift-service-lifecycle `Service` whose
/// `run()` listens until the graceful-shutdown signal (or `shutDownGracefully()`), then stops
/// accepting, sends GOAWAY on every connection, lets in-flight calls finish within
/// `shutdownGracePeriod`, cancels what is left and returns once every connection is closed.
/// Every call is authenticated by the `ServiceTokenVerifier` before its handler runs.
public final class RPCServer: Service, Sendable {
    public let configuration: Configuration
    private let dispatcher: RPCCallDispatcher
    private let group: any EventLoopGroup
    private let logger: Logger
    private let state = Mutex(ServerState())

    private struct ServerState {
        var listener: (any Channel)?
        var connections: [ObjectIdentifier: ServerConnection] = [:]
        var isShuttingDown = false
        var isListenerClosed = false
        /// Cancels what is left when the grace period ends.
        var forceClose: Scheduled<Void>?
        var waiters: [CheckedContinuation<Void, Never>] = []
        var hasStarted = false
        /// Where the listener is bound, once `run()` has bound it (or why it could not).
        var bound: Result<SocketAddress, any Error>?
        var boundWaiters: [CheckedContinuation<SocketAddress, any Error>] = []

        var isFinished: Bool { isShuttingDown && isListenerClosed && connections.isEmpty }
    }

    /// A connection as the server tracks it, to drain or close it from any thread.
    private struct ServerConnection: Sendable {
        let channel: any Channel
        let handler: NIOLoopBound<RPCServerConnectionHandler>

        func drain() { channel.eventLoop.execute { handler.value.drain() } }
        func closeNow() { channel.eventLoop.execute { handler.value.closeNow() } }
    }

    /// - Parameters:
    ///   - router: the methods served.
    ///   - verifier: checks every call's service token.
    ///   - logger: the server logs at info and below.
    ///   - metricsFactory: the metrics backend; nil uses the bootstrapped `MetricsSystem`.
    public init(
        configuration: Configuration, router: RPCRouter, verifier: ServiceTokenVerifier, logger: Logger,
        metricsFactory: (any MetricsFactory)? = nil,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.configuration = configuration
        self.group = eventLoopGroup
        self.logger = logger
        self.dispatcher = RPCCallDispatcher(
            router: router, verifier: verifier, metrics: RPCMetrics(side: .server, factory: metricsFactory), logger: logger)
    }

    /// The address the server listens on, once `run()` has bound it (waits until then).
    /// - Throws: the bind error when `run()` could not listen.
    public var localAddress: SocketAddress {
        get async throws {
            try await withCheckedThrowingContinuation { continuation in
                let bound = state.withLock { state in
                    if state.bound == nil { state.boundWaiters.append(continuation) }
                    return state.bound
                }
                if let bound { continuation.resume(with: bound) }
            }
        }
    }

    private func publishBound(_ result: Result<SocketAddress, any Error>) {
        let waiters = state.withLock { state in
            state.bound = result
            defer { state.boundWaiters = [] }
            return state.boundWaiters
        }
        waiters.forEach { $0.resume(with: result) }
    }

    /// The port the server listens on (the chosen one when configured with port 0).
    public var localPort: Int {
        get async throws {
            guard let port = try await localAddress.port else {
                throw RPCError(.internal, "the server is not listening on an IP port")
            }
            return port
        }
    }

    /// The number of client connections open now.
    public var connectionCount: Int {
        state.withLock { $0.connections.count }
    }

    /// Listens and serves until shutdown. A server runs once.
    /// - Throws: the bind error, or `RPCError` `.failedPrecondition` when run a second time.
    public func run() async throws {
        let firstRun = state.withLock { state in
            defer { state.hasStarted = true }
            return !state.hasStarted
        }
        guard firstRun else { throw RPCError(.failedPrecondition, "an RPCServer runs only once") }
        let listener: any Channel
        do {
            listener = try await bind()
        } catch {
            publishBound(.failure(error))
            throw error
        }
        let alreadyShuttingDown = state.withLock { state in
            state.listener = listener
            return state.isShuttingDown
        }
        listener.closeFuture.whenComplete { _ in
            self.update { $0.isListenerClosed = true }
        }
        if let address = listener.localAddress {
            publishBound(.success(address))
        } else {
            publishBound(.failure(RPCError(.internal, "the listener has no local address")))
        }
        logger.info("rpc server listening", metadata: [
            "address": "\(listener.localAddress.map { "\($0)" } ?? "?")", "tls": "\(configuration.tls != nil)"])
        if configuration.tls == nil, !Self.isLoopback(configuration.listen.host) {
            logger.warning("rpc server listens in plain TCP on a non-loopback address; configure rpc.tls", metadata: [
                "address": "\(configuration.listen)"])
        }
        if alreadyShuttingDown { shutDownGracefully() }

        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await waitUntilFinished()
            } onGracefulShutdown: {
                self.shutDownGracefully()
            }
        } onCancel: {
            self.shutDownNow()
        }
        state.withLock { $0.forceClose }?.cancel()
        logger.info("rpc server stopped")
    }

    /// Starts a graceful shutdown, as the lifecycle's signal does: stop accepting, GOAWAY to
    /// every connection, finish in-flight calls, close. Calls still running after the grace
    /// period are cancelled.
    public func shutDownGracefully() {
        let (listener, connections, first) = state.withLock { state in
            defer { state.isShuttingDown = true }
            return (state.listener, Array(state.connections.values), !state.isShuttingDown)
        }
        listener?.close(promise: nil)
        connections.forEach { $0.drain() }
        if first {
            logger.info("rpc server draining", metadata: ["connections": "\(connections.count)"])
            let grace = TimeAmount.nanoseconds(configuration.shutdownGracePeriod.nanoseconds)
            let forceClose = group.any().scheduleTask(in: grace) { self.shutDownNow() }
            state.withLock { $0.forceClose = forceClose }
        }
        update { _ in }
    }

    /// Closes the listener and every connection at once, cancelling running calls.
    private func shutDownNow() {
        let (listener, connections) = state.withLock { state in
            state.isShuttingDown = true
            return (state.listener, Array(state.connections.values))
        }
        listener?.close(promise: nil)
        connections.forEach { $0.closeNow() }
        update { _ in }
    }

    private func bind() async throws -> any Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try self.configure(channel) }
            }
            .bind(host: configuration.listen.host, port: configuration.listen.port)
            .get()
    }

    private func configure(_ channel: any Channel) throws {
        var connectionLogger = logger
        connectionLogger[metadataKey: "rpc.peer"] = "\(channel.remoteAddress.map { "\($0)" } ?? "?")"
        let handler = RPCServerConnectionHandler(dispatcher: dispatcher, configuration: configuration, logger: connectionLogger)
        let connection = ServerConnection(channel: channel, handler: NIOLoopBound(handler, eventLoop: channel.eventLoop))
        let id = ObjectIdentifier(channel)
        enum Admission { case accepted, shuttingDown, full }
        let admission = state.withLock { state -> Admission in
            guard !state.isShuttingDown else { return .shuttingDown }
            guard state.connections.count < configuration.maxConnections else { return .full }
            state.connections[id] = connection
            return .accepted
        }
        switch admission {
        case .accepted:
            break
        case .full:
            // Nothing is written: a client sees the connection close and tries another endpoint.
            connectionLogger.debug("rpc connection refused: connection limit reached", metadata: [
                "limit": "\(configuration.maxConnections)"])
            channel.close(promise: nil)
            return
        case .shuttingDown:
            channel.close(promise: nil)
            return
        }
        channel.closeFuture.whenComplete { _ in
            self.update { $0.connections[id] = nil }
        }
        if let tls = configuration.tls {
            try channel.pipeline.syncOperations.addHandler(TLSHandler(context: tls))
        }
        try channel.pipeline.syncOperations.addHandlers([
            ByteToMessageHandler(RPCFrameDecoder(maxFrameSize: configuration.maxFrameSize)),
            RPCFrameEncoder(),
            RPCProtocolErrorHandler(role: .server),
            handler,
        ])
    }

    /// Whether `host` is a loopback address or name, where plain TCP stays on the machine
    /// (a plain listener anywhere else logs a warning).
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        return host.split(separator: ".").first == "127"
    }

    /// Applies `change` and wakes `run()` when the server has fully stopped.
    private func update(_ change: (inout ServerState) -> Void) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            change(&state)
            guard state.isFinished else { return [] }
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }

    private func waitUntilFinished() async {
        await withCheckedContinuation { continuation in
            let finished = state.withLock { state in
                if state.isFinished { return true }
                state.waiters.append(continuation)
                return false
            }
            if finished { continuation.resume() }
        }
    }
}
