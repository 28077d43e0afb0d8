/// Who called the credential RPC, as its verified service token says: a Portico service (the
/// gateway) relaying a signed-in person, or a named internal client (`rpc.clients`) asking for
/// itself.
public enum CredentialCaller: Sendable, Hashable {
    /// A Portico service holding the shared `rpc.secret`; the person is in the request.
    case service(String)
    /// A named internal client with its own secret; it may ask only for itself.
    case namedClient(String)
}
