/// One RPC of a service as the typed client and server APIs see it: the method's wire name
/// (e.g. `portico.credentials.v1.CredentialService/GetCredentials`) and whether calling it twice
/// has the same effect as calling it once, which lets the client retry it on another endpoint.
public struct RPCMethod<Request: ProtoMessage, Response: ProtoMessage>: Sendable {
    /// The name carried in every CALL frame and used to route it on the server.
    public let name: String
    /// Whether the client may retry the call after it might already have run.
    public let isIdempotent: Bool

    public init(name: String, isIdempotent: Bool) {
        self.name = name
        self.isIdempotent = isIdempotent
    }
}
