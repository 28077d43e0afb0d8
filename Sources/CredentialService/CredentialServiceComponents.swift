public import Logging
public import PorticoConfig
import Proto
public import ServiceLifecycle

/// What `portico-server credentials` runs for this service, besides its metrics endpoint: the
/// client of the cache's replicas (`services.cache`), where eligible roles, role maximums and
/// account names come from, and the credential RPC server. The client is listed first so that on
/// graceful shutdown the server drains before the client closes.
public enum CredentialServiceComponents {
    /// The identity the credential service's calls to other services carry.
    public static let serviceIdentity = "credentials"

    public static func make(configuration: PorticoConfiguration, logger: Logger) -> [any Service] {
        let cache: RPCClient
        do {
            cache = try cacheClient(configuration: configuration, logger: logger)
        } catch {
            return [UnstartableService(reason: "the credential service cannot start: \(error)")]
        }
        let mapping = CacheAuthorizationMapping(
            cache: CacheClient(rpc: cache), configuration: .init(configuredAccountNames: configuration.accounts), logger: logger)
        return [
            cache,
            CredentialServer(
                configuration: configuration, eligibleRoles: mapping, logger: logger,
                onListening: { port in
                    logger.info("credentials listening", metadata: [
                        "address": "\(configuration.listen.credentials.host):\(port)",
                    ])
                }),
        ]
    }

    /// A client of every cache replica in `services.cache`, signing its calls with `rpc.secret`.
    /// - Throws: `CredentialServiceConfigurationError` naming the key at fault.
    static func cacheClient(configuration: PorticoConfiguration, logger: Logger) throws -> RPCClient {
        guard !configuration.services.cache.isEmpty else { throw CredentialServiceConfigurationError.noCacheEndpoint }
        guard let secret = configuration.rpc.secret?.exposed, !secret.isEmpty else {
            throw CredentialServiceConfigurationError.missingRPCSecret
        }
        return try RPCClient(
            configuration: RPCClient.Configuration(
                endpoints: configuration.services.cache.map { RPCEndpoint(host: $0.host, port: $0.port) }),
            tokens: try ServiceTokenIssuer(identity: serviceIdentity, secret: secret),
            logger: logger)
    }
}

/// Configuration the credential service cannot run with, naming the key to fix.
public enum CredentialServiceConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `services.cache` is empty: eligible roles come only from the cache.
    case noCacheEndpoint
    /// `rpc.secret` is missing: calls to the cache could not be signed.
    case missingRPCSecret

    public var description: String {
        switch self {
        case .noCacheEndpoint:
            "services.cache lists no endpoint; the credential service reads eligible roles from the cache"
        case .missingRPCSecret:
            "rpc.secret is not set; calls to the cache must carry a signed service token"
        }
    }
}

/// Stands in for the service when its configuration cannot work: running it fails at once with
/// the reason, which stops the process with that message.
struct UnstartableService: Service {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let reason: String

    func run() async throws { throw Failure(description: reason) }
}
