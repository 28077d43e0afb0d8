import PorticoService
import Proto

/// The gateway's RPC clients of AuthService, CredentialService and CacheService, as its
/// `ServiceHost` hands them out: every replica in `services` (each service's `listen` address
/// when `services` names none), each call signed for the identity `gateway` with `rpc.secret`.
/// The host connects them at start and closes them after the HTTP server has stopped.
struct BackendClients: Sendable {
    let auth: RPCClient
    let credentials: RPCClient
    let cache: RPCClient

    /// - Throws: `ServiceStartupError` when `rpc.secret` is missing or `rpc.clients` claims
    ///   the gateway's identity.
    init(host: ServiceHost) throws(ServiceStartupError) {
        auth = try host.client(for: .auth)
        credentials = try host.client(for: .credentials)
        cache = try host.client(for: .cache)
    }
}
