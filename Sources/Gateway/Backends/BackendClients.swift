import Logging
import PorticoConfig
import PorticoCore
import Proto

/// The gateway's RPC clients of AuthService, CredentialService and CacheService, reaching every
/// replica in `services` (each service's `listen` address when `services` names none), signing
/// each call with a service token for the identity `gateway` and the shared `rpc.secret`.
/// `GatewayServer.run` connects them at start and closes them when it stops.
struct BackendClients: Sendable {
    /// The identity the gateway's service tokens name: a Portico service, not an `rpc.clients` entry.
    static let identity = "gateway"

    let auth: AuthClient
    let credentials: CredentialsClient
    let cache: CacheClient

    /// - Throws: `GatewayStartupError` when `rpc.secret` is missing or `rpc.clients` claims
    ///   the gateway's identity.
    init(configuration: PorticoConfiguration, logger: Logger) throws(GatewayStartupError) {
        guard let secret = configuration.rpc.secret?.exposed, !secret.isEmpty else { throw .missingRPCSecret }
        guard configuration.rpc.clients[Self.identity] == nil else { throw .rpcIdentityTaken(Self.identity) }
        let services = configuration.services
        let listen = configuration.listen
        do {
            let tokens = try ServiceTokenIssuer(identity: Self.identity, secret: secret)
            func client(_ replicas: [HostPort], default fallback: HostPort) throws -> RPCClient {
                let endpoints = (replicas.isEmpty ? [fallback] : replicas).map { RPCEndpoint(host: $0.host, port: $0.port) }
                return try RPCClient(configuration: .init(endpoints: endpoints), tokens: tokens, logger: logger)
            }
            auth = AuthClient(rpc: try client(services.auth, default: listen.auth))
            credentials = CredentialsClient(rpc: try client(services.credentials, default: listen.credentials))
            cache = CacheClient(rpc: try client(services.cache, default: listen.cache))
        } catch {
            // Only an empty identity, secret or endpoint list can fail here, and none is empty.
            throw .backendUnusable("\(error)")
        }
    }

    /// Starts connecting to every replica, so the first requests find connections ready.
    func connect() {
        auth.rpc.connect()
        credentials.rpc.connect()
        cache.rpc.connect()
    }

    /// Closes every connection; calls still open fail UNAVAILABLE.
    func close() async {
        async let auth: Void = auth.rpc.close()
        async let credentials: Void = credentials.rpc.close()
        async let cache: Void = cache.rpc.close()
        _ = await (auth, credentials, cache)
    }
}
