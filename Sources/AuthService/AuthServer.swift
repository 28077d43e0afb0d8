public import Logging
public import PorticoConfig
import PorticoService
import Proto
public import ServiceLifecycle

/// `portico-server auth` as a lifecycle service: on its `ServiceHost`, builds the `AuthService`
/// from configuration (refusing to start on configuration it cannot run with) and serves
/// `portico.v1.Auth` and `Health` on `listen.auth` until graceful shutdown; the host then
/// closes its Redis and HTTP clients.
public struct AuthServer: Service {
    private let configuration: PorticoConfiguration
    private let logger: Logger
    private let onListening: @Sendable (Int) async -> Void

    /// - Parameter onListening: called with the bound port once the server listens (port 0 in
    ///   `listen.auth` picks a free one).
    public init(configuration: PorticoConfiguration, logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.configuration = configuration
        self.logger = logger
        self.onListening = onListening
    }

    /// - Throws: `AuthServiceStartupError` or `ServiceStartupError` before listening when the
    ///   configuration is unusable; the RPC server's bind error.
    public func run() async throws {
        try await ServiceHost.run(.auth, configuration: configuration, logger: logger) { host in
            let service = try AuthService(
                configuration: configuration, httpClient: host.httpClient(), redis: host.redis(), logger: logger)
            logger.info("auth service ready", metadata: ["auth.google_directory": "\(service.resolver.usesGoogleDirectory)"])
            return [try host.rpcServer(router: AuthRPC.router(service: service), onListening: onListening)]
        }
    }
}
