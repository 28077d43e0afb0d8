import CoreMetrics
import Logging
import NIOCore
import NIOPosix
import PorticoCore
import Proto

/// An in-process `RPCServer` on a free loopback port, run for one test.
final class RunningRPCServer: Sendable {
    let server: RPCServer
    let port: Int
    private let task: Task<Void, any Error>

    var endpoint: HostPort { HostPort(host: "127.0.0.1", port: port) }

    private init(server: RPCServer, port: Int, task: Task<Void, any Error>) {
        self.server = server
        self.port = port
        self.task = task
    }

    static func start(
        router: RPCRouter, configuration: RPCServer.Configuration = .defaults,
        verifier: ServiceTokenVerifier? = nil, metrics: (any MetricsFactory)? = nil,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> RunningRPCServer {
        let server = RPCServer(
            configuration: configuration, router: router, verifier: try verifier ?? RPCTestFixtures.verifier(),
            logger: RPCTestFixtures.logger, metricsFactory: metrics, eventLoopGroup: eventLoopGroup)
        let task = Task { try await server.run() }
        do {
            return RunningRPCServer(server: server, port: try await server.localPort, task: task)
        } catch {
            task.cancel()
            throw error
        }
    }

    /// Starts a graceful shutdown and waits until `run()` has returned.
    func shutDownGracefully() async throws {
        server.shutDownGracefully()
        try await task.value
    }

    /// Stops the server at once (cancels `run()`).
    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

/// Runs `body` with a server serving `router`, stopping it afterwards.
func withRPCServer<T>(
    router: RPCRouter = EchoMethods.router(), configuration: RPCServer.Configuration = .defaults,
    verifier: ServiceTokenVerifier? = nil, metrics: (any MetricsFactory)? = nil,
    eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
    _ body: (RunningRPCServer) async throws -> T
) async throws -> T {
    let running = try await RunningRPCServer.start(
        router: router, configuration: configuration, verifier: verifier, metrics: metrics, eventLoopGroup: eventLoopGroup)
    do {
        let result = try await body(running)
        await running.stop()
        return result
    } catch {
        await running.stop()
        throw error
    }
}

/// Runs `body` with a client of `endpoints`, closing it afterwards.
///
/// The connect timeout is generous: tests run in parallel on small machines, and a handshake
/// delayed by a busy neighbour must not count as a refused endpoint.
func withRPCClient<T>(
    endpoints: [HostPort], tokens: ServiceTokenIssuer? = nil, metrics: (any MetricsFactory)? = nil,
    eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
    configure: (inout RPCClient.Configuration) -> Void = { _ in },
    _ body: (RPCClient) async throws -> T
) async throws -> T {
    var configuration = RPCClient.Configuration(endpoints: endpoints, connectTimeout: .seconds(60))
    configure(&configuration)
    let client = try RPCClient(
        configuration: configuration, tokens: try tokens ?? RPCTestFixtures.issuer(), logger: RPCTestFixtures.logger,
        metricsFactory: metrics, eventLoopGroup: eventLoopGroup)
    do {
        let result = try await body(client)
        await client.close()
        return result
    } catch {
        await client.close()
        throw error
    }
}

/// Awaits `operation`, failing if it takes longer than `seconds` — a safety net so a broken
/// implementation fails the test instead of hanging the run, not a timing assertion.
func withTimeLimit<T: Sendable>(
    _ seconds: Double = 60, _ what: String, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TimeLimitExceeded(what: what, seconds: seconds)
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw TimeLimitExceeded(what: what, seconds: seconds) }
        return first
    }
}

struct TimeLimitExceeded: Error, CustomStringConvertible {
    var what: String
    var seconds: Double
    var description: String { "\(what) did not finish within \(seconds) s" }
}
