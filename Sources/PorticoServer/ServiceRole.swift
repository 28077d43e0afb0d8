import AuthService
import CacheService
import CredentialService
import Gateway
import Logging
import PorticoConfig
import PorticoCore
import PorticoService
import PorticoTelemetry
import Prometheus
import RequestService
import ServiceLifecycle

/// One of Portico's services, as a process runs it.
enum ServiceRole: String, CaseIterable, Sendable {
    case gateway, auth, credentials, cache, requests

    /// The lifecycle services that make up this role. `serveMetrics` adds the role's own
    /// metrics endpoint (`metrics.listen.<role>`), the gateway's too.
    func services(
        configuration: PorticoConfiguration, registry: PrometheusCollectorRegistry, logger: Logger, serveMetrics: Bool
    ) -> [any Service] {
        let logger = Logger(label: "portico.\(rawValue)", factory: { _ in logger.handler })
        var services: [any Service] = []
        // Each server runs on its own `ServiceHost` (PorticoService): clients, verifier and RPC
        // listener (with `Health`) built from configuration the same way.
        switch self {
        case .gateway:
            services.append(GatewayServer(configuration: configuration, registry: registry, logger: logger, onListening: { port in
                logger.info("gateway listening", metadata: ["url": "http://\(configuration.listen.gateway.host):\(port)"])
            }))
        case .auth: services.append(AuthServer(configuration: configuration, logger: logger))
        case .credentials:
            services.append(CredentialServer(configuration: configuration, logger: logger))
            // One archiver runs at a time (a Redis lease) among the credential replicas.
            if let archiver = AuditArchiver.hosted(configuration: configuration, logger: logger) { services.append(archiver) }
        case .cache: services.append(CacheServer(configuration: configuration, logger: logger))
        case .requests: services.append(RequestServer(configuration: configuration, logger: logger))
        }
        if serveMetrics, let address = metricsAddress(configuration) {
            services.append(MetricsEndpoint(registry: registry, host: address.host, port: address.port, logger: logger) { port in
                logger.info("metrics listening", metadata: ["address": "\(address.host):\(port)"])
            })
        }
        return services
    }

    private func metricsAddress(_ configuration: PorticoConfiguration) -> HostPort? {
        // Each server runs on its own `ServiceHost` (PorticoService): clients, verifier and RPC
        // listener (with `Health`) built from configuration the same way.
        switch self {
        case .gateway: configuration.metrics.gateway
        case .auth: configuration.metrics.auth
        case .credentials: configuration.metrics.credentials
        case .cache: configuration.metrics.cache
        case .requests: configuration.metrics.requests
        }
    }
}
