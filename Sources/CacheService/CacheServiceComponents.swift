public import Logging
public import PorticoConfig
import Proto
public import ServiceLifecycle

/// What `portico-server cache` runs for this service, besides its metrics endpoint: the sweep
/// scheduler, the worker pool and the cache RPC server on `listen.cache`. On graceful shutdown
/// the RPC server drains first, then the workers and the scheduler stop, then the clients close.
public enum CacheServiceComponents {
    public static func make(configuration: PorticoConfiguration, logger: Logger) -> [any Service] {
        let runtime = CacheRuntime(configuration: configuration, logger: logger)
        var services = runtime.services
        do {
            guard let secret = configuration.rpc.secret else {
                throw ServiceTokenConfigurationError.emptySecret("rpc.secret")
            }
            let verifier = try ServiceTokenVerifier(sharedSecret: secret.exposed)
            let listen = RPCEndpoint(host: configuration.listen.cache.host, port: configuration.listen.cache.port)
            services.append(runtime.rpcServer(listen: listen, verifier: verifier, logger: logger))
        } catch {
            services.append(UnstartableService(reason: "the cache RPC server cannot start: \(error)"))
        }
        return services
    }
}

/// Stands in for a service whose configuration cannot work: running it fails at once with the
/// reason, which stops the process with that message.
struct UnstartableService: Service {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let reason: String

    func run() async throws { throw Failure(description: reason) }
}
