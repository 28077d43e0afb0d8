public import CoreMetrics
public import Logging
public import NIOCore
public import NIOPosix
public import PorticoCore
public import ServiceLifecycle
import Synchronization

/// Calls one Portico service, whose replicas are `configuration.endpoints` and every address
/// of `configuration.dnsNames` (followed as `configuration.resolution` says). Keeps a
/// multiplexed connection to every endpoint, sends each call to the ready endpoint with the
/// fewest outstanding calls, retries UNAVAILABLE on another endpoint within the deadline (any
/// call the server never processed; any call of an idempotent method), enforces deadlines
/// locally and sends them along, turns task cancellation into CANCEL, and signs each attempt
/// of a call with its own service token, bound to the call. Connections start with the first call (or `run()`); `close()` ends them.
public final class RPCClient: Service, Sendable {
    public let configuration: Configuration
    /// The endpoints calls may go to now (fixed ones first, then discovered ones).
    let endpointSet: Mutex<[RPCClientEndpoint]>
    let eventLoopGroup: any EventLoopGroup
    let discovery: ReplicaDiscovery
    private let tokens: ServiceTokenIssuer?
    private let metrics: RPCMetrics
    let logger: Logger
    let readiness = EndpointReadiness()
    private let rotation = Atomic<Int>(0)
    let isStarted = Atomic<Bool>(false)
    let isClosed = Atomic<Bool>(false)

    /// - Parameters:
    ///   - tokens: signs the service token of every call (the caller's identity and secret);
    ///     nil sends calls without tokens, for a named client identified by its TLS client
    ///     certificate alone (`configuration.tls`).
    ///   - metricsFactory: the metrics backend; nil uses the bootstrapped `MetricsSystem`.
    /// - Throws: `RPCError` `.invalidArgument` when no endpoint and no `dns:` name is configured.
    public init(
        configuration: Configuration, tokens: ServiceTokenIssuer?, logger: Logger,
        metricsFactory: (any MetricsFactory)? = nil,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) throws {
        guard !configuration.endpoints.isEmpty || !configuration.dnsNames.isEmpty else {
            throw RPCError(.invalidArgument, "an RPC client needs at least one endpoint")
        }
        self.configuration = configuration
        self.tokens = tokens
        self.logger = logger
        self.metrics = RPCMetrics(side: .client, factory: metricsFactory)
        self.eventLoopGroup = eventLoopGroup
        let readiness = self.readiness
        self.endpointSet = Mutex(configuration.endpoints.enumerated().map { index, endpoint in
            RPCClientEndpoint(
                index: index, endpoint: endpoint, eventLoop: eventLoopGroup.next(), configuration: configuration,
                readiness: readiness, logger: logger)
        })
        self.discovery = ReplicaDiscovery(
            names: configuration.dnsNames, resolution: configuration.resolution, firstIndex: configuration.endpoints.count)
    }

    /// The endpoints calls may go to now.
    var endpoints: [RPCClientEndpoint] { endpointSet.withLock { $0 } }

    // MARK: Calls

    /// Calls `method` with a typed request.
    /// - Throws: `RPCError`: the server's status, or the client's own (DEADLINE_EXCEEDED,
    ///   UNAVAILABLE when no endpoint can take the call, CANCELLED when the task is cancelled).
    public func call<Request, Response>(
        _ method: RPCMethod<Request, Response>, _ request: Request, options: CallOptions = .defaults
    ) async throws -> Response {
        let bytes: [UInt8]
        do {
            bytes = try request.protobufBytes()
        } catch let error as RPCError {
            throw RPCError(.invalidArgument, "the request does not encode: \(error.message)", cause: error)
        } catch {
            throw RPCError(.invalidArgument, "the request does not encode", cause: error)
        }
        let reply = try await call(
            method: method.name, request: ByteBuffer(bytes: bytes), isIdempotent: method.isIdempotent, options: options)
        do {
            return try Response(protobufBytes: Array(reply.readableBytesView))
        } catch {
            throw RPCError(.internal, "the response of \(method.name) does not decode", cause: error)
        }
    }

    /// Calls `method` with the request message's bytes and returns the response's bytes.
    /// - Throws: `RPCError`, as `call(_:_:options:)`.
    public func call(method: String, request: ByteBuffer, isIdempotent: Bool, options: CallOptions = .defaults) async throws -> ByteBuffer {
        let start = ContinuousClock.now
        let deadline = options.effectiveDeadline(startingAt: start)
        let requestID = options.requestID ?? Self.makeRequestID()
        // Computed once; every attempt signs it with its own call id, since a server refuses a
        // call id it has seen (a retry may land on the same endpoint).
        let callDigest = tokens.map { _ in ServiceTokenCallDigest.digest(method: method, requestID: requestID, message: request) }
        var frame = RPCCallFrame(
            streamID: 0, method: method, timeoutMilliseconds: 0, requestID: requestID,
            token: nil, metadata: options.metadata, message: request)
        var result: Result<ByteBuffer, RPCError>
        var tried: Set<Int> = []
        var attempt = 0
        while true {
            attempt += 1
            if let tokens, let callDigest { frame.token = tokens.token(callDigest: callDigest) }
            let outcome = await attemptCall(&frame, deadline: deadline, tried: &tried)
            let retryable: Bool
            switch outcome {
            case .reply(let reply) where reply.status == .ok:
                result = .success(reply.message)
                retryable = false
            case .reply(let reply):
                result = .failure(RPCError(reply.status, reply.statusMessage))
                retryable = reply.status == .unavailable && (reply.isNotProcessed || isIdempotent)
            case .failed(let error, let notProcessed):
                result = .failure(error)
                retryable = error.code == .unavailable && (notProcessed || isIdempotent)
            }
            guard retryable, attempt < configuration.retry.maxAttempts, !Task.isCancelled,
                  deadline.map({ ContinuousClock.now < $0 }) ?? true
            else { break }
            logger.debug("rpc call retried", metadata: ["rpc.method": "\(method)", "attempt": "\(attempt + 1)"])
        }
        switch result {
        case .success(let message):
            metrics.record(method: method, code: .ok, duration: ContinuousClock.now - start)
            return message
        case .failure(let error):
            metrics.record(method: method, code: error.code, duration: ContinuousClock.now - start)
            throw error
        }
    }

    /// One attempt: picks an endpoint (waiting for one while connections are starting) and
    /// sends the call with the time left.
    private func attemptCall(_ frame: inout RPCCallFrame, deadline: ContinuousClock.Instant?, tried: inout Set<Int>) async -> ClientCallState.Outcome {
        let picked: (endpoint: RPCClientEndpoint, connection: RPCClientConnection)
        switch await pickEndpoint(avoiding: tried, deadline: deadline) {
        case .success(let choice): picked = choice
        case .failure(let error): return .failed(error, notProcessed: false)
        }
        tried.insert(picked.endpoint.index)
        if let deadline {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return .failed(RPCError(.deadlineExceeded, "deadline exceeded"), notProcessed: false) }
            frame.timeoutMilliseconds = UInt32(clamping: max(remaining.nanoseconds / 1_000_000, 1))
        }
        picked.endpoint.outstanding.add(1, ordering: .relaxed)
        defer { picked.endpoint.outstanding.subtract(1, ordering: .relaxed) }
        return await picked.connection.call(frame, deadline: deadline)
    }

    /// The ready endpoint with the fewest outstanding calls, preferring ones not yet tried for
    /// this call. Waits while no endpoint is ready but some are still making their first
    /// connection; fails UNAVAILABLE when every endpoint is down.
    private func pickEndpoint(
        avoiding tried: Set<Int>, deadline: ContinuousClock.Instant?
    ) async -> Result<(endpoint: RPCClientEndpoint, connection: RPCClientConnection), RPCError> {
        startIfNeeded()
        while true {
            if isClosed.load(ordering: .relaxed) {
                return .failure(RPCError(.unavailable, "the RPC client is closed"))
            }
            if Task.isCancelled { return .failure(RPCError(.cancelled, "the call was cancelled")) }
            let generation = readiness.generation
            if let choice = leastLoaded(avoiding: tried) ?? leastLoaded(avoiding: []) {
                return .success(choice)
            }
            let current = endpoints
            guard current.contains(where: \.isStarting) || discovery.isResolvingFirst else {
                let names = (current.map { "\($0.endpoint)" } + configuration.dnsNames.map { "dns:\($0)" })
                    .joined(separator: ", ")
                return .failure(RPCError(.unavailable, "no endpoint of the service is reachable (\(names))"))
            }
            guard await waitForReadiness(after: generation, deadline: deadline) else {
                return .failure(RPCError(.deadlineExceeded, "deadline exceeded while connecting"))
            }
        }
    }

    private func leastLoaded(avoiding tried: Set<Int>) -> (endpoint: RPCClientEndpoint, connection: RPCClientConnection)? {
        let endpoints = self.endpoints
        let count = endpoints.count
        guard count > 0 else { return nil }
        let offset = rotation.wrappingAdd(1, ordering: .relaxed).oldValue & Int.max
        var best: (endpoint: RPCClientEndpoint, connection: RPCClientConnection, load: Int)?
        for step in 0..<count {
            let endpoint = endpoints[(offset + step) % count]
            guard !tried.contains(endpoint.index), let connection = endpoint.readyConnection else { continue }
            let load = endpoint.outstanding.load(ordering: .relaxed)
            if best == nil || load < best!.load {
                best = (endpoint, connection, load)
            }
        }
        return best.map { ($0.endpoint, $0.connection) }
    }

    /// Waits for an endpoint state change; false when the deadline passed first.
    private func waitForReadiness(after generation: UInt64, deadline: ContinuousClock.Instant?) async -> Bool {
        guard let deadline else {
            await readiness.wait(after: generation)
            return true
        }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await self.readiness.wait(after: generation)
                return true
            }
            group.addTask {
                try? await Task.sleep(until: deadline)
                return ContinuousClock.now < deadline
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    // MARK: Lifecycle

    /// Starts connecting to every endpoint (calls do this on first use).
    public func connect() {
        startIfNeeded()
    }

    private func startIfNeeded() {
        guard !isStarted.load(ordering: .relaxed) else { return }
        guard isStarted.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        endpoints.forEach { $0.start() }
        startDiscovery()
    }

    /// Keeps the connections until the lifecycle's graceful shutdown (or cancellation), then closes.
    public func run() async throws {
        startIfNeeded()
        try? await gracefulShutdown()
        await close()
    }

    /// Closes every connection and stops reconnecting; calls still open fail UNAVAILABLE.
    public func close() async {
        isClosed.store(true, ordering: .relaxed)
        readiness.notify()
        await discovery.stop()
        await withDiscardingTaskGroup { group in
            for endpoint in endpoints + discovery.takeDraining() {
                group.addTask { await endpoint.close() }
            }
        }
    }

    /// The endpoints that take calls now.
    public var readyEndpoints: [HostPort] {
        endpoints.filter { $0.readyConnection != nil }.map(\.endpoint)
    }

    /// A snapshot of every endpoint's state, for diagnostics and tests.
    public var endpointStatuses: [EndpointStatus] {
        endpoints.map { $0.status }
    }

    private static func makeRequestID() -> String {
        let value = UInt64.random(in: 0...UInt64.max)
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
