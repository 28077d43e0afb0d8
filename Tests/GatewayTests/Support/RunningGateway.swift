import Gateway
import Logging
import PorticoConfig
import PorticoHTTP
import PorticoTestSupport
import Prometheus
import ServiceLifecycle

/// A real `GatewayServer` on a loopback port for one test, with a client to call it. Unless the
/// configuration names AuthService replicas (`services.auth`), a real `AuthServer` is started
/// beside it on a free port for the gateway to call, with the same configuration.
final class RunningGateway: Sendable {
    let port: Int
    let configuration: PorticoConfiguration
    let client: HTTPClient
    private let group: ServiceGroup
    private let running: Task<Void, any Error>
    private let auth: RunningAuth?

    var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(
        port: Int, configuration: PorticoConfiguration, group: ServiceGroup, running: Task<Void, any Error>, auth: RunningAuth?
    ) {
        self.port = port
        self.configuration = configuration
        self.group = group
        self.running = running
        self.auth = auth
        var clientConfiguration = HTTPClient.Configuration.defaults
        clientConfiguration.maxConnectionsPerHost = 64
        client = HTTPClient(configuration: clientConfiguration, logger: quietLogger)
    }

    /// Starts the gateway (and its AuthServer) and returns once it listens; rethrows a startup failure.
    /// - Parameter logger: the gateway's logger (silent by default).
    static func start(
        _ configuration: PorticoConfiguration, limits: GatewayLimits = .defaults, logger: Logger = quietLogger
    ) async throws -> RunningGateway {
        var configuration = configuration
        var auth: RunningAuth?
        if configuration.services.auth.isEmpty {
            let started = try await RunningAuth.start(configuration)
            configuration.services.auth = [started.address]
            auth = started
        }
        do {
            return try await start(configuration, limits: limits, logger: logger, auth: auth)
        } catch {
            await auth?.stop()
            throw error
        }
    }

    private static func start(
        _ configuration: PorticoConfiguration, limits: GatewayLimits, logger: Logger, auth: RunningAuth?
    ) async throws -> RunningGateway {
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let server = GatewayServer(
            configuration: configuration, registry: PrometheusCollectorRegistry(), logger: logger, limits: limits,
            onListening: { port in portSink.yield(port) })
        let group = ServiceGroup(configuration: .init(services: [server], logger: quietLogger))
        let running = Task {
            defer { portSink.finish() }
            try await group.run()
        }
        for await port in ports {
            return RunningGateway(port: port, configuration: configuration, group: group, running: running, auth: auth)
        }
        try await running.value
        throw TestServerError.notReady("gateway (stopped before listening)", seconds: 0)
    }

    /// Runs `body` against a fresh gateway and stops it afterwards, even on error.
    static func with<Result>(
        _ configuration: PorticoConfiguration, limits: GatewayLimits = .defaults, logger: Logger = quietLogger,
        _ body: (RunningGateway) async throws -> Result
    ) async throws -> Result {
        let gateway = try await start(configuration, limits: limits, logger: logger)
        do {
            let result = try await body(gateway)
            await gateway.stop()
            return result
        } catch {
            await gateway.stop()
            throw error
        }
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
        await auth?.stop()
        await client.shutdown()
    }

    /// One GET to the gateway.
    func request(_ path: String, headers: [(String, String)] = []) async throws -> HTTPClient.Response {
        try await request("GET", path, headers: headers)
    }

    /// One request to the gateway.
    func request(
        _ method: String, _ path: String, headers: [(String, String)] = [], body: String = ""
    ) async throws -> HTTPClient.Response {
        try await client.execute(HTTPClient.Request(
            method: method, url: baseURL + path, headers: HTTPClient.Headers(headers), body: Array(body.utf8)))
    }

    /// The value of one sample line of `/metrics`, e.g. `name{label="x"}`; 0 when absent.
    func metric(_ sample: String) async throws -> Double {
        let text = try await request("/metrics").bodyText
        for line in text.split(separator: "\n") where line.hasPrefix(sample + " ") {
            return Double(line.dropFirst(sample.count + 1)) ?? 0
        }
        return 0
    }
}

/// Logs nothing: test output stays readable.
let quietLogger = Logger(label: "portico.gateway.test", factory: { _ in SwiftLogNoOpLogHandler() })
