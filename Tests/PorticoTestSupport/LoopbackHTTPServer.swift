internal import NIOCore
internal import NIOHTTP1
internal import NIOPosix
import Synchronization

/// A small HTTP/1.1 server on 127.0.0.1 for tests: the stand-in for an endpoint we cannot run
/// (ECS/IMDS credential endpoints, a throttling AWS API, the ALB key URL, Google, Slack) and the
/// peer of `HTTPClient`'s own tests.
///
/// It binds an ephemeral port (`port`, `baseURL`), hands every complete request to an async
/// handler and sends back what the handler returns. Connections are kept alive; the server
/// counts accepted TCP connections (`connectionCount`) and requests, and keeps the last
/// `recordLimit` requests (`requests`) for assertions.
///
/// ```swift
/// let server = try await LoopbackHTTPServer.start { request in
///     switch request.path {
///     case "/slow":   // answers late; `shutdown()` cancels the wait
///         try? await Task.sleep(for: .seconds(60))
///         return .text("late")
///     case "/big":    // a large chunked body, written piece by piece
///         return .streaming { writer in
///             for _ in 0..<32 { try await writer.write([UInt8](repeating: 0x61, count: 65_536)) }
///         }
///     default:
///         return .json(#"{"ok":true}"#)
///     }
/// }
/// defer { Task { await server.shutdown() } }   // or use `LoopbackHTTPServer.withRunning`
/// ```
/// Handlers run concurrently across connections and in order on one connection. Request bodies
/// over `maxRequestBodyBytes` are answered with 413 without calling the handler. Call
/// `shutdown()` when done: it closes every connection and cancels handlers still running.
public final class LoopbackHTTPServer: Sendable {
    public typealias Handler = @Sendable (Request) async -> Response

    /// How many of the most recent requests `requests` keeps.
    public static let recordLimit = 1000

    public let port: Int
    /// `http://127.0.0.1:<port>`, without a trailing slash.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private let serverChannel: any Channel
    private let serving: Task<Void, Never>
    private let state: ServerState

    /// Starts a server on a free loopback port; returns once it accepts connections.
    public static func start(
        maxRequestBodyBytes: Int = 16 * 1024 * 1024,
        handler: @escaping Handler
    ) async throws -> LoopbackHTTPServer {
        let state = ServerState()
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    state.accepted(channel)
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        guard let port = listener.channel.localAddress?.port else {
            try? await listener.channel.close()
            throw TestServerError.notReady("loopback HTTP server (no local port)", seconds: 0)
        }
        let connection = ConnectionServer(handler: handler, state: state, maxRequestBodyBytes: maxRequestBodyBytes)
        let serving = Task<Void, Never> {
            try? await withThrowingDiscardingTaskGroup { group in
                try await listener.executeThenClose { inbound in
                    for try await channel in inbound {
                        group.addTask { await connection.serve(channel) }
                    }
                }
            }
        }
        return LoopbackHTTPServer(port: port, serverChannel: listener.channel, serving: serving, state: state)
    }

    /// Runs `body` against a fresh server and shuts the server down afterwards, even on error.
    public static func withRunning<Result>(
        maxRequestBodyBytes: Int = 16 * 1024 * 1024,
        handler: @escaping Handler,
        _ body: (LoopbackHTTPServer) async throws -> Result
    ) async throws -> Result {
        let server = try await start(maxRequestBodyBytes: maxRequestBodyBytes, handler: handler)
        do {
            let result = try await body(server)
            await server.shutdown()
            return result
        } catch {
            await server.shutdown()
            throw error
        }
    }

    private init(port: Int, serverChannel: any Channel, serving: Task<Void, Never>, state: ServerState) {
        self.port = port
        self.serverChannel = serverChannel
        self.serving = serving
        self.state = state
    }

    /// TCP connections accepted so far.
    public var connectionCount: Int { state.counters.withLock { $0.connections } }

    /// Complete requests received so far.
    public var requestCount: Int { state.counters.withLock { $0.requests } }

    /// The most recent requests (at most `recordLimit`), oldest first.
    public var requests: [Request] { state.counters.withLock { $0.recorded } }

    /// Stops accepting, closes every connection, cancels running handlers, and waits for all of it.
    public func shutdown() async {
        try? await serverChannel.close()
        for channel in state.openChannels() { try? await channel.close() }
        serving.cancel()
        await serving.value
    }

    deinit {
        serverChannel.close(promise: nil)
        for channel in state.openChannels() { channel.close(promise: nil) }
        serving.cancel()
    }
}

/// What the server's tasks share: counters, recorded requests, open connections.
final class ServerState: Sendable {
    struct Counters {
        var connections = 0
        var requests = 0
        var recorded: [LoopbackHTTPServer.Request] = []
        var open: [ObjectIdentifier: any Channel] = [:]
    }

    let counters = Mutex(Counters())

    func accepted(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        counters.withLock {
            $0.connections += 1
            $0.open[id] = channel
        }
        channel.closeFuture.whenComplete { [self] _ in
            _ = counters.withLock { $0.open.removeValue(forKey: id) }
        }
    }

    func received(_ request: LoopbackHTTPServer.Request) {
        counters.withLock {
            $0.requests += 1
            $0.recorded.append(request)
            if $0.recorded.count > LoopbackHTTPServer.recordLimit { $0.recorded.removeFirst() }
        }
    }

    func openChannels() -> [any Channel] {
        counters.withLock { Array($0.open.values) }
    }
}
