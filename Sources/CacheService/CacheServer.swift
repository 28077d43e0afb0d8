public import Logging
public import PorticoAWS
public import PorticoConfig
import PorticoService
public import ServiceLifecycle

/// `portico-server cache` as a lifecycle service: on its `ServiceHost`, a `CacheRuntime`'s
/// sweep scheduler and worker pool, and the `Cache` methods with `Health` on `listen.cache`
/// (`Health/Check` is NOT_SERVING until the account list has been read). On graceful shutdown
/// the RPC server drains first, then the workers and the scheduler stop, then the host closes
/// the clients.
public struct CacheServer: Service {
    private let configuration: PorticoConfiguration
    private let credentials: (any AWSCredentialProvider)?
    private let logger: Logger
    private let onListening: @Sendable (Int) async -> Void

    /// - Parameters:
    ///   - credentials: the hub's AWS credentials (default: the standard provider chain).
    ///   - onListening: called with the bound port (port 0 in `listen.cache` picks one).
    public init(
        configuration: PorticoConfiguration, credentials: (any AWSCredentialProvider)? = nil, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.credentials = credentials
        self.logger = logger
        self.onListening = onListening
    }

    /// - Throws: `ServiceStartupError` naming the key before listening, or the server's errors.
    public func run() async throws {
        try await ServiceHost.run(.cache, configuration: configuration, logger: logger) { host in
            let runtime = CacheRuntime(host: host, credentials: credentials)
            let queries = runtime.queries
            return runtime.services + [
                try host.rpcServer(
                    router: runtime.router, isReady: { (try? await queries.hasAccountList()) ?? false },
                    onListening: onListening),
            ]
        }
    }
}
