/// A signed service token as carried in a CALL frame. It is a bearer credential: its text
/// never appears in descriptions, logs, errors or metrics (every printing of it is redacted).
///
/// Format (version 1), ASCII, fields separated by `.`:
/// `v1.<identity>.<method>.<issuedAt>.<expiresAt>.<mac>` where identity and method are
/// base64url (no padding) of their UTF-8, the times are decimal Unix seconds, and mac is the
/// base64url HMAC-SHA256, keyed with the caller's secret, of everything before the last `.`.
public struct ServiceToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The token text, for the frame encoder and the verifier only.
    public let rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { "ServiceToken(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: []) }

    /// The longest token a verifier looks at; longer ones are refused unparsed.
    public static let maxLength = 2048
    /// The version prefix of the format above.
    static let versionTag = "v1"
}

/// Who made a call, as established by its service token.
public struct RPCCaller: Sendable, Hashable, CustomStringConvertible {
    /// How the caller's token was verified.
    public enum Kind: Sendable, Hashable {
        /// A Portico service, holding the shared `rpc.secret`.
        case internalService
        /// A named internal client (`rpc.clients.<name>`) with its own secret.
        case namedClient
    }

    /// The identity the token names (the service name, or the named client's name).
    public let identity: String
    public let kind: Kind

    public init(identity: String, kind: Kind) {
        self.identity = identity
        self.kind = kind
    }

    public var description: String { identity }
}
