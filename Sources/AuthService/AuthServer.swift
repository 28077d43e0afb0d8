public import Logging
public import PorticoConfig
import PorticoHTTP
import PorticoRedis
import Proto
public import ServiceLifecycle

/// `portico-server auth` as a lifecycle service: builds the `AuthService` from configuration
/// (refusing to start on configuration it cannot run with), serves `portico.v1.Auth` on
/// `listen.auth` until graceful shutdown, then closes its Redis and HTTP clients.
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

    /// - Throws: `AuthServiceStartupError` before listening when the configuration is unusable;
    ///   the RPC server's bind error.
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
        let listen = configuration.listen.auth
        let server = RPCServer(
            configuration: RPCServer.Configuration(listen: RPCEndpoint(host: listen.host, port: listen.port)),
            router: AuthRPC.router(service: service), verifier: try verifier(), logger: logger)
        let onListening = self.onListening
        let logger = self.logger
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await server.run() }
            let port = try await server.localPort
            logger.info("auth service listening", metadata: [
                "address": "\(listen.host):\(port)", "auth.google_directory": "\(service.resolver.usesGoogleDirectory)",
            ])
            await onListening(port)
        }
    }

    /// Accepts Portico's own services (`rpc.secret`) and the named clients, whose calls
    /// `AuthRPC` refuses.
    private func verifier() throws(AuthServiceStartupError) -> ServiceTokenVerifier {
        guard let secret = configuration.rpc.secret?.exposed, !secret.isEmpty else {
            throw .rpcSecret(reason: "no shared secret is configured")
        }
        do {
            return try ServiceTokenVerifier(
                sharedSecret: secret, clients: configuration.rpc.clients.compactMapValues { $0.secret?.exposed })
        } catch {
            throw .rpcSecret(reason: "\(error)")
        }
    }
}
