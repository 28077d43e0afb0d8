public import Hummingbird
public import Logging
public import PorticoConfig
import PorticoTelemetry
public import Prometheus
public import ServiceLifecycle

/// The gateway: Portico's HTTP face for browsers behind the ALB and for the `portico` CLI.
/// Serves the REST API, the web UI, `/healthcheck` and the process's `/metrics`.
public struct GatewayServer: Service {
    private let application: Application<RouterResponder<BasicRequestContext>>

    /// - Parameter onListening: called with the bound port once the gateway listens (port 0
    ///   in `listen.gateway` picks a free one).
    public init(
        configuration: PorticoConfiguration, registry: PrometheusCollectorRegistry, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        let router = Router()
        MetricsEndpoint.addRoutes(to: router, registry: registry)
        let address = configuration.listen.gateway
        application = Application(
            router: router,
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: "portico"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? address.port) },
            logger: logger)
    }

    public func run() async throws {
        try await application.run()
    }
}
