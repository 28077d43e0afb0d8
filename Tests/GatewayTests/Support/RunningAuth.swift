import AuthService
import PorticoConfig
import PorticoCore
import PorticoTestSupport

/// A real `AuthServer` (what `portico-server auth` runs) on a free loopback port, for one
/// gateway under test: it resolves groups and rights from the gateway's own configuration
/// (`groups:`; Google Directory off unless `directory` keeps the configuration's `google:`).
final class RunningAuth: Sendable {
    let port: Int
    private let task: Task<Void, any Error>

    private init(port: Int, task: Task<Void, any Error>) {
        self.port = port
        self.task = task
    }

    var address: HostPort { HostPort(host: "127.0.0.1", port: port) }

    static func start(_ configuration: PorticoConfiguration, directory: Bool = false) async throws -> RunningAuth {
        var configuration = configuration
        configuration.listen.auth = HostPort(host: "127.0.0.1", port: 0)
        if !directory { configuration.google.enabled = false }
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let server = AuthServer(configuration: configuration, logger: quietLogger) { sink.yield($0) }
        let task = Task {
            defer { sink.finish() }
            try await server.run()
        }
        for await port in ports {
            return RunningAuth(port: port, task: task)
        }
        try await task.value
        throw TestServerError.notReady("auth server (stopped before listening)", seconds: 0)
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}
