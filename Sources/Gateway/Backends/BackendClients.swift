import PorticoService
import Proto

/// The gateway's typed RPC clients of AuthService, CredentialService and CacheService, over the
/// `RPCClient`s its `ServiceHost` hands out: every replica in `services` (each service's
/// `listen` address when `services` names none), each call signed for the identity `gateway`
/// with `rpc.secret`. The host connects them at start and closes them after the HTTP server
/// has stopped.
struct BackendClients: Sendable {
    let auth: AuthClient
    let credentials: CredentialsClient
    let cache: CacheClient
    let requests: RequestsClient
    /// The `Admin` methods, served by the request service (same connections as `requests`).
    let admin: AdminClient

    /// - Throws: `ServiceStartupError` when `rpc.secret` is missing or `rpc.clients` claims
    ///   the gateway's identity.
    init(host: ServiceHost) throws(ServiceStartupError) {
        auth = AuthClient(rpc: try host.client(for: .auth))
        credentials = CredentialsClient(rpc: try host.client(for: .credentials))
        cache = CacheClient(rpc: try host.client(for: .cache))
        requests = RequestsClient(rpc: try host.client(for: .requests))
        admin = AdminClient(rpc: requests.rpc)
    }
}
