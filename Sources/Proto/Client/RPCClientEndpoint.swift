import Logging
import NIOCore
import PorticoCore
import Synchronization

/// One endpoint of a client's service: keeps a connection to it, reconnecting with capped
/// exponential backoff, and ejects it from rotation after consecutive failures until a PING
/// on a fresh connection probes it back in.
final class RPCClientEndpoint: Sendable {
    let index: Int
    let endpoint: HostPort
    /// The `dns:` name whose answer gave this endpoint (its TLS server name), nil for a fixed address.
    let dnsName: HostPort?
    /// Calls in flight through this endpoint, including retries being prepared: the balancer's measure.
    let outstanding = Atomic<Int>(0)
    private let eventLoop: any EventLoop
    private let configuration: RPCClient.Configuration
    private let logger: Logger
    private let readiness: EndpointReadiness
    private let state = Mutex(EndpointState())
    /// Told when a connect fails or a connection is lost (a discovered endpoint re-resolves its name).
    private let onFailure: @Sendable () -> Void

    private struct EndpointState {
        var connection: RPCClientConnection?
        var ejectedUntil: ContinuousClock.Instant?
        var consecutiveFailures = 0
        var ejections = 0
        /// Whether the first connection attempt has finished (a call waits for it).
        var hasAttempted = false
        var maintenance: Task<Void, Never>?
        var isClosed = false
    }

    init(index: Int, endpoint: HostPort, dnsName: HostPort? = nil, eventLoop: any EventLoop,
         configuration: RPCClient.Configuration, readiness: EndpointReadiness, logger: Logger,
         onFailure: @escaping @Sendable () -> Void = {}) {
        self.index = index
        self.endpoint = endpoint
        self.dnsName = dnsName
        self.onFailure = onFailure
        self.eventLoop = eventLoop
        self.configuration = configuration
        self.readiness = readiness
        var logger = logger
        logger[metadataKey: "rpc.endpoint"] = "\(endpoint)"
        self.logger = logger
    }

    /// The connection to give a call, when the endpoint is connected, not ejected, not draining.
    var readyConnection: RPCClientConnection? {
        guard let connection = state.withLock({ $0.connection }), connection.isAcceptingCalls else { return nil }
        return connection
    }

    var status: RPCClient.EndpointStatus {
        let (connection, ejected, failures) = state.withLock { ($0.connection, $0.ejectedUntil != nil, $0.consecutiveFailures) }
        return RPCClient.EndpointStatus(
            endpoint: endpoint, isReady: connection?.isAcceptingCalls ?? false, isEjected: ejected,
            consecutiveFailures: failures, outstandingCalls: outstanding.load(ordering: .relaxed))
    }

    /// Whether a call should wait for this endpoint: it has not yet finished its first attempt.
    var isStarting: Bool {
        state.withLock { !$0.hasAttempted && !$0.isClosed }
    }

    /// Starts keeping a connection (once).
    func start() {
        state.withLock { state in
            guard state.maintenance == nil, !state.isClosed else { return }
            state.maintenance = Task { await self.maintain() }
        }
    }

    /// Stops reconnecting and closes the connection.
    func close() async {
        let (task, connection) = state.withLock { state in
            state.isClosed = true
            return (state.maintenance, state.connection)
        }
        task?.cancel()
        connection?.close()
        await task?.value
    }

    private func maintain() async {
        while !Task.isCancelled {
            do {
                let connection = try await RPCClientConnection.connect(
                    to: endpoint, serverName: dnsName?.host, on: eventLoop, configuration: configuration, logger: logger)
                try await probeIfEjected(connection)
                publish(connection)
                let end = await withTaskCancellationHandler {
                    await connection.closed()
                } onCancel: {
                    connection.close()
                }
                let failed = end == .lost || end == .keepaliveTimeout
                let reset = connection.flags.hasProvenHealthy.load(ordering: .relaxed)
                unpublish(failed: failed, resetStreak: reset)
                logger.info("rpc connection closed", metadata: ["end": "\(end)"])
            } catch {
                if Task.isCancelled { break }
                unpublish(failed: true, resetStreak: false)
                logger.debug("rpc connect failed", metadata: ["error": "\(error)"])
            }
            // Even after a clean drain, wait a little: a server that keeps draining at once must
            // not be reconnected to in a tight loop.
            let failures = state.withLock { $0.consecutiveFailures }
            try? await Task.sleep(for: configuration.backoff.delay(afterFailures: max(failures, 1)))
        }
    }

    /// For an ejected endpoint: waits out the ejection, then requires a PONG before use.
    private func probeIfEjected(_ connection: RPCClientConnection) async throws {
        guard let until = state.withLock({ $0.ejectedUntil }) else { return }
        do {
            try await Task.sleep(until: until)
            try await connection.ping(timeout: configuration.keepalive.timeout)
        } catch {
            // A failed probe ejects the endpoint again, for longer.
            state.withLock { $0.ejectedUntil = nil }
            connection.close()
            throw error
        }
        state.withLock { state in
            state.ejectedUntil = nil
            state.consecutiveFailures = 0
        }
        logger.info("rpc endpoint probed back into rotation")
    }

    private func publish(_ connection: RPCClientConnection) {
        let closed = state.withLock { state in
            state.hasAttempted = true
            guard !state.isClosed else { return true }
            state.connection = connection
            return false
        }
        if closed { connection.close() }
        logger.debug("rpc connection ready")
        readiness.notify()
    }

    private func unpublish(failed: Bool, resetStreak: Bool) {
        state.withLock { state in
            state.connection = nil
            state.hasAttempted = true
            if resetStreak {
                state.consecutiveFailures = 0
                state.ejections = 0
            }
            guard failed, !state.isClosed else { return }
            state.consecutiveFailures += 1
            if state.consecutiveFailures >= configuration.ejection.consecutiveFailures, state.ejectedUntil == nil {
                state.ejections += 1
                let duration = configuration.ejection.duration(forEjection: state.ejections)
                state.ejectedUntil = .now + duration
                logger.info("rpc endpoint ejected", metadata: [
                    "failures": "\(state.consecutiveFailures)", "seconds": "\(duration.seconds)",
                ])
            }
        }
        if failed { onFailure() }
        readiness.notify()
    }
}
