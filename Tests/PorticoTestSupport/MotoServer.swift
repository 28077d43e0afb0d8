import Foundation

/// A real AWS API emulator (`moto_server`) on a free loopback port.
///
/// With `unsignedActionBudget` set, moto is started with `INITIAL_NO_AUTH_ACTION_COUNT`: that
/// many unsigned calls are allowed (to bootstrap a hub user, keys and spoke roles), and every call
/// after them must carry a valid SigV4 signature.
public final class MotoServer: Sendable {
    public let port: Int
    public let unsignedActionBudget: Int?
    private let process: ManagedProcess

    /// The endpoint every AWS client is pointed at (`aws.endpoint_url`).
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    private init(port: Int, unsignedActionBudget: Int?) throws {
        self.port = port
        self.unsignedActionBudget = unsignedActionBudget
        var environment = ["MOTO_ALLOW_NONEXISTENT_REGION": "true", "AWS_DEFAULT_REGION": "us-east-1"]
        if let budget = unsignedActionBudget { environment["INITIAL_NO_AUTH_ACTION_COUNT"] = String(budget) }
        self.process = try ManagedProcess(
            executable: ProcessInfo.processInfo.environment["MOTO_SERVER"] ?? "moto_server",
            arguments: ["-H", "127.0.0.1", "-p", String(port)],
            environment: environment,
            name: "moto-\(port)")
    }

    /// Starts moto on a free port and returns once it answers HTTP. A `FreePort`, not port 0:
    /// moto_server does not report a port the kernel picked; a start that loses the port to
    /// another process is retried on a new one.
    public static func start(unsignedActionBudget: Int? = nil) async throws -> MotoServer {
        var lastError: any Error = TestServerError.notReady("moto_server", seconds: 0)
        for _ in 0..<3 {
            let server = try MotoServer(port: try FreePort.next(), unsignedActionBudget: unsignedActionBudget)
            do {
                try server.process.start()
                try await awaitCondition("moto_server on port \(server.port)", timeout: 60, every: 0.1) {
                    guard server.process.isRunning else {
                        throw TestServerError.notReady("moto_server exited: \(server.process.tail())", seconds: 0)
                    }
                    // The dashboard API answers without spending the unsigned-call budget.
                    let port = server.port
                    let reply = try await runBlocking {
                        LoopbackProbe.exchange(port: port, request: "GET /moto-api/data.json HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                    }
                    return reply?.hasPrefix("HTTP/1.") == true
                }
                return server
            } catch {
                lastError = error
                server.process.stop(signal: SIGKILL)
            }
        }
        throw lastError
    }

    /// Stops moto.
    public func stop() { process.stop() }
}
