import ArgumentParser
import Logging
import PorticoConfig
import PorticoService
import PorticoTelemetry
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

/// Starts a set of services in this process: loads configuration (refusing bad or insecure
/// configuration with the key at fault), sets up logging and metrics, and runs everything in a
/// `ServiceGroup` that drains gracefully on SIGTERM or SIGINT.
struct Launcher {
    let options: ServerOptions

    /// EX_CONFIG from sysexits.h: the configuration is at fault.
    static let configurationExitCode = ExitCode(78)

    func loadConfiguration() throws -> ConfigLoader.Loaded {
        do {
            return try ConfigLoader().load(explicitPath: options.config)
        } catch {
            printError("portico-server: \(error)")
            throw Self.configurationExitCode
        }
    }

    func run(roles: [ServiceRole]) async throws {
        // A peer that goes away mid-write (Redis, an HTTP or RPC client) must be an error on
        // that connection, not the end of the process: every library here handles EPIPE.
        signal(SIGPIPE, SIG_IGN)
        let loaded = try loadConfiguration()
        let configuration = loaded.configuration
        let level = options.logLevel.flatMap(Logger.Level.init(rawValue:))
            ?? Logger.Level(rawValue: configuration.logging.level.rawValue) ?? .info
        let format = options.logFormat ?? LoggingBootstrap.Format(rawValue: configuration.logging.format.rawValue) ?? .text
        LoggingBootstrap.bootstrap(format: format, level: level)
        let logger = Logger(label: "portico.server")
        logger.info("configuration loaded", metadata: [
            "source": "\(loaded.source)", "environment": "\(configuration.environment.rawValue)",
            "services": "\(roles.map(\.rawValue).joined(separator: ","))",
        ])
        for warning in loaded.warnings { logger.warning("\(warning)") }

        let registry = MetricsBootstrap.bootstrap()
        // One registry per process: with the gateway among the roles (`all`), its metrics
        // endpoint (`metrics.listen.gateway`) covers the whole process and the others serve none.
        let gatewayServesMetrics = roles.contains(.gateway)
        var services: [any Service] = []
        for role in roles {
            services += role.services(
                configuration: configuration, registry: registry, logger: logger,
                serveMetrics: !gatewayServesMetrics || role == .gateway)
        }
        // Last, so shut down first: not-ready for `readiness.drain_seconds` while still accepting.
        services.append(DrainPhase(drain: .seconds(configuration.readiness.drainSeconds), logger: logger))
        var groupConfiguration = ServiceGroupConfiguration(
            services: services.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        // The drain, then 30 s for in-flight work.
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(30 + configuration.readiness.drainSeconds)
        let group = ServiceGroup(configuration: groupConfiguration)
        try await group.run()
        logger.info("stopped")
    }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    var line = message + "\n"
    line.withUTF8 { buffer in _ = write(2, buffer.baseAddress, buffer.count) }
}
