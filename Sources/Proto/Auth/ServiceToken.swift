/// A signed service token as carried in a CALL frame. It authenticates one call: its MAC covers
/// the call's method, request id and request message, it carries a call id the server accepts
/// once, and it is valid for at most a minute. Its text never appears in descriptions, logs,
/// errors or metrics (every printing of it is redacted).
///
/// Format (version 2), ASCII, fields separated by `.`:
/// `v2.<identity>.<issuedAt>.<expiresAt>.<callID>.<mac>` where identity is base64url (no
/// padding) of its UTF-8, the times are decimal Unix seconds, callID is base64url of 16 random
/// bytes, and mac is the base64url HMAC-SHA256, keyed with the caller's secret, of
/// `v2.<identity>.<issuedAt>.<expiresAt>.<callID>.<callDigest>`, callDigest being the base64url
/// SHA-256 of the call (`ServiceTokenCallDigest`).
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
    /// The longest validity a token may claim, in seconds; issuers and verifiers refuse more.
    public static let maxLifetimeSeconds: Int64 = 60
    /// The version prefix of the format above.
    static let versionTag = "v2"
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
