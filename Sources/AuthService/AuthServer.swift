public import Logging
public import PorticoConfig
import PorticoHTTP
import PorticoRedis
public import ServiceLifecycle

/// `portico-server auth` as a lifecycle service: builds the `AuthService` from configuration
/// (refusing to start on configuration it cannot run with) and serves it until graceful
/// shutdown, then closes its Redis and HTTP clients.
public struct AuthServer: Service {
    private let configuration: PorticoConfiguration
    private let logger: Logger

    public init(configuration: PorticoConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// - Throws: `AuthServiceStartupError` before serving, when the configuration is unusable.
    public func run() async throws {
        let httpClient = HTTPClient(
            configuration: .init(connectTimeout: .seconds(3), requestTimeout: .seconds(15)), logger: logger)
        let redis = RedisClient(configuration: RedisConfiguration(
            host: configuration.redis.host, port: configuration.redis.port, db: configuration.redis.db,
            password: configuration.redis.password?.exposed), logger: logger)
        do {
            let service = try AuthService(configuration: configuration, httpClient: httpClient, redis: redis, logger: logger)
            try await serve(service)
        } catch {
            await httpClient.shutdown()
            await redis.shutdown()
            throw error
        }
        await httpClient.shutdown()
        await redis.shutdown()
    }

    private func serve(_ service: AuthService) async throws {
        logger.info("auth service ready", metadata: ["auth.google_directory": "\(service.resolver.usesGoogleDirectory)"])
        try await gracefulShutdown()
    }
}
