public import Hummingbird
public import Logging
public import Prometheus
public import ServiceLifecycle

/// A small HTTP server that exposes a process's Prometheus metrics at `GET /metrics` (and a
/// liveness answer at `GET /healthcheck`), for processes that have no HTTP port of their own.
public struct MetricsEndpoint: Service {
    private let application: Application<RouterResponder<BasicRequestContext>>

    /// - Parameters:
    ///   - host, port: where to listen (port 0 picks a free port; see `onListening`).
    ///   - onListening: called with the bound port once the server listens.
    public init(
        registry: PrometheusCollectorRegistry, host: String, port: Int, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        let router = Router()
        MetricsEndpoint.addRoutes(to: router, registry: registry)
        application = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "portico-metrics"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// Adds `GET /metrics` to an existing router (the gateway serves metrics on its own port).
    public static func addRoutes<Context: RequestContext>(to router: Router<Context>, registry: PrometheusCollectorRegistry) {
        router.get("metrics") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        router.get("healthcheck") { _, _ in "ok" }
    }

    public func run() async throws {
        try await application.run()
    }
}
