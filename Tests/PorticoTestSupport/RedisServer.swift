import Foundation

/// A real `redis-server` on a free loopback port, private to the test that started it.
/// No persistence, so a restart is an empty server, as after losing Redis in production.
public final class RedisServer: Sendable {
    public let host = "127.0.0.1"
    public let port: Int
    private let process: ManagedProcess

    private init(port: Int) throws {
        self.port = port
        self.process = try ManagedProcess(
            executable: ProcessInfo.processInfo.environment["REDIS_SERVER"] ?? "redis-server",
            arguments: ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no",
                        "--protected-mode", "yes", "--loglevel", "warning"],
            name: "redis-\(port)")
    }

    /// Starts a server on a free port and returns once it answers PING. A `FreePort`, not port 0:
    /// redis-server's `--port 0` turns TCP off rather than picking a port; a start that loses
    /// the port to another process is retried on a new one.
    public static func start() async throws -> RedisServer {
        var lastError: any Error = TestServerError.notReady("redis-server", seconds: 0)
        for _ in 0..<3 {
            let server = try RedisServer(port: try FreePort.next())
            do {
                try await server.launch()
                return server
            } catch {
                lastError = error
                server.process.stop(signal: SIGKILL)
            }
        }
        throw lastError
    }

    private func launch() async throws {
        try process.start()
        try await awaitCondition("redis-server on port \(port)", timeout: 15) {
            guard process.isRunning else { throw TestServerError.notReady("redis-server exited: \(process.tail())", seconds: 0) }
            let port = port
            return try await runBlocking { LoopbackProbe.exchange(port: port, request: "PING\r\n") }?.hasPrefix("+PONG") == true
        }
    }

    /// Kills the server without warning (SIGKILL), as a crash would.
    public func kill() { process.stop(signal: SIGKILL) }

    /// Starts the server again on the same port, empty.
    public func restart() async throws {
        process.stop(signal: SIGKILL)
        try await launch()
    }

    /// Stops the server.
    public func stop() { process.stop() }
}
