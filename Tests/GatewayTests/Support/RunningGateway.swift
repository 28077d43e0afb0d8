import Gateway
import Logging
import PorticoConfig
import PorticoHTTP
import PorticoTestSupport
import Prometheus
import ServiceLifecycle

/// A real `GatewayServer` on a loopback port for one test, with a client to call it.
final class RunningGateway: Sendable {
    let port: Int
    let configuration: PorticoConfiguration
    let client: HTTPClient
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(port: Int, configuration: PorticoConfiguration, group: ServiceGroup, running: Task<Void, any Error>) {
        self.port = port
        self.configuration = configuration
        self.group = group
        self.running = running
        var clientConfiguration = HTTPClient.Configuration.defaults
        clientConfiguration.maxConnectionsPerHost = 64
        client = HTTPClient(configuration: clientConfiguration, logger: quietLogger)
    }

    /// Starts the gateway and returns once it listens; rethrows a startup failure.
    static func start(_ configuration: PorticoConfiguration, limits: GatewayLimits = .defaults) async throws -> RunningGateway {
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let server = GatewayServer(
            configuration: configuration, registry: PrometheusCollectorRegistry(), logger: quietLogger, limits: limits,
            onListening: { port in portSink.yield(port) })
        let group = ServiceGroup(configuration: .init(services: [server], logger: quietLogger))
        let running = Task {
            defer { portSink.finish() }
            try await group.run()
        }
        for await port in ports {
            return RunningGateway(port: port, configuration: configuration, group: group, running: running)
        }
        try await running.value
        throw TestServerError.notReady("gateway (stopped before listening)", seconds: 0)
    }

    /// Runs `body` against a fresh gateway and stops it afterwards, even on error.
    static func with<Result>(
        _ configuration: PorticoConfiguration, limits: GatewayLimits = .defaults,
        _ body: (RunningGateway) async throws -> Result
    ) async throws -> Result {
        let gateway = try await start(configuration, limits: limits)
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
