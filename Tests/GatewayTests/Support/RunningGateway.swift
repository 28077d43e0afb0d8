import Gateway
import Logging
import PorticoConfig
import PorticoHTTP
import PorticoTestSupport
import PorticoTelemetry
import Prometheus
import ServiceLifecycle

/// A real `GatewayServer` on a loopback port for one test, with a client to call it, and its
/// metrics endpoint on a port of its own (as `portico-server gateway` serves it). Unless the
/// configuration names AuthService replicas (`services.auth`), a real `AuthServer` is started
/// beside it on a free port for the gateway to call, with the same configuration; unless it
/// names a Redis (its port is not `TestConfiguration.nowhere`'s), a private redis-server too
/// (every authenticated request checks the session revocations there).
final class RunningGateway: Sendable {
    let port: Int
    /// Where the gateway's `/metrics` is served.
    let metricsPort: Int
    let configuration: PorticoConfiguration
    let client: HTTPClient
    private let group: ServiceGroup
    private let running: Task<Void, any Error>
    private let auth: RunningAuth?
    private let redis: RedisServer?

    var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(
        port: Int, metricsPort: Int, configuration: PorticoConfiguration, group: ServiceGroup, running: Task<Void, any Error>,
        auth: RunningAuth?, redis: RedisServer?
    ) {
        self.port = port
        self.metricsPort = metricsPort
        self.configuration = configuration
        self.group = group
        self.running = running
        self.auth = auth
        self.redis = redis
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
        var redis: RedisServer?
        if configuration.redis.port == TestConfiguration.nowhere.port {
            let started = try await RedisServer.start()
            configuration.redis.port = started.port
            redis = started
        }
        var auth: RunningAuth?
        if configuration.services.auth.isEmpty {
            do {
                let started = try await RunningAuth.start(configuration)
                configuration.services.auth = [started.address]
                auth = started
            } catch {
                redis?.stop()
                throw error
            }
        }
        do {
            return try await start(configuration, limits: limits, logger: logger, auth: auth, redis: redis)
        } catch {
            await auth?.stop()
            redis?.stop()
            throw error
        }
    }

    private static func start(
        _ configuration: PorticoConfiguration, limits: GatewayLimits, logger: Logger, auth: RunningAuth?, redis: RedisServer?
    ) async throws -> RunningGateway {
        enum Listener { case gateway(Int), metrics(Int) }
        let (ports, portSink) = AsyncStream.makeStream(of: Listener.self)
        let registry = PrometheusCollectorRegistry()
        let server = GatewayServer(
            configuration: configuration, registry: registry, logger: logger, limits: limits,
            onListening: { port in portSink.yield(.gateway(port)) })
        let metrics = MetricsEndpoint(registry: registry, host: "127.0.0.1", port: 0, logger: quietLogger) { port in
            portSink.yield(.metrics(port))
        }
        let group = ServiceGroup(configuration: .init(services: [server, metrics], logger: quietLogger))
        let running = Task {
            defer { portSink.finish() }
            try await group.run()
        }
        var gatewayPort: Int?
        var metricsPort: Int?
        for await listener in ports {
            switch listener {
            case .gateway(let port): gatewayPort = port
            case .metrics(let port): metricsPort = port
            }
            if let gatewayPort, let metricsPort {
                return RunningGateway(
                    port: gatewayPort, metricsPort: metricsPort, configuration: configuration, group: group,
                    running: running, auth: auth, redis: redis)
            }
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

    /// Runs `body` against a fresh gateway in production configuration (`configure` sets it
    /// further) that trusts the tokens of a new `ALBTokenFactory`, whose public key a `KeyServer`
    /// of this test's own serves; stops both afterwards, even on error.
    static func withALBKeys(
        configure: (inout PorticoConfiguration) -> Void = { _ in },
        _ body: (RunningGateway, ALBTokenFactory) async throws -> Void
    ) async throws {
        let factory = try ALBTokenFactory()
        let keys = try await KeyServer.start(serving: factory.publicKeyPEM, kid: factory.kid)
        var configuration = TestConfiguration.production(keyServerURL: keys.urlTemplate)
        configure(&configuration)
        do {
            try await with(configuration) { try await body($0, factory) }
        } catch {
            await keys.stop()
            throw error
        }
        await keys.stop()
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
        await auth?.stop()
        redis?.stop()
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

    /// The value of one sample line of the gateway's `/metrics` (on its metrics port), e.g.
    /// `name{label="x"}`; 0 when absent.
    func metric(_ sample: String) async throws -> Double {
        let text = try await client.execute(HTTPClient.Request(
            method: "GET", url: "http://127.0.0.1:\(metricsPort)/metrics", headers: HTTPClient.Headers([]), body: [])).bodyText
        for line in text.split(separator: "\n") where line.hasPrefix(sample + " ") {
            return Double(line.dropFirst(sample.count + 1)) ?? 0
        }
        return 0
    }
}

/// Logs nothing: test output stays readable.
let quietLogger = Logger(label: "portico.gateway.test", factory: { _ in SwiftLogNoOpLogHandler() })
