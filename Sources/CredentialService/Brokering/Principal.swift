public import PorticoConfig
public import PorticoCore

/// Who asks for credentials: a person (their email and groups, as the gateway and the
/// AuthService established them) or an internal service named in `rpc.clients` asking for
/// itself. The broker decides what each may have; the audit trail records who it was.
public struct Principal: Sendable, Equatable {
    /// The person's email; for an internal client, its name.
    public var user: String
    /// The person's groups (none for an internal client).
    public var groups: [String]
    /// Where the request came from: the person's address as the gateway saw it, or the RPC peer.
    public var sourceAddress: IPAddress?
    /// Set when an internal service (`rpc.clients`) asks for itself: it may have only its
    /// configured roles, and its sessions are named after it.
    public var clientName: String?

    public init(user: String, groups: [String], sourceAddress: IPAddress?, clientName: String? = nil) {
        self.user = user
        self.groups = groups
        self.sourceAddress = sourceAddress
        self.clientName = clientName
    }

    /// An internal service asking for itself.
    public static func internalClient(_ name: String, sourceAddress: IPAddress?) -> Principal {
        Principal(user: name, groups: [], sourceAddress: sourceAddress, clientName: name)
    }
}
