/// Why a credential was refused. The message says which check failed so a user or operator can
/// act on it; it never contains the token or any part of it.
public enum AuthenticationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// No session cookie, bearer token or ALB header.
    case missingCredentials
    /// The token is longer than the limit (checked before any decoding).
    case tokenTooLarge
    /// The token's JWS header is longer than the limit (checked before decoding it).
    case headerTooLarge
    /// Not three base64url segments with a JSON header, or undecodable parts.
    case malformedToken(String)
    /// `alg` is not the one algorithm this kind of token is signed with.
    case unsupportedAlgorithm
    /// `kid` is absent or not a plain identifier.
    case invalidKeyID
    /// `signer` is absent or not an accepted ALB.
    case unknownSigner
    /// `exp` has passed.
    case tokenExpired
    /// A required claim is absent or has the wrong type.
    case invalidClaim(String)
    /// The signature or MAC does not match.
    case invalidSignature
    /// The key server does not know the token's key id.
    case unknownSigningKey
    /// The key server could not be reached or answered unusably; the token may be fine.
    case signingKeyUnavailable
    /// The credential was fine but no session could be started (no randomness).
    case sessionUnavailable
    /// The session was ended: signed out, or every session of its user revoked.
    case sessionRevoked
    /// The sign-in the session descends from is older than `auth.session.max_lifetime_minutes`.
    case sessionLifetimeExceeded
    /// Whether the session was ended could not be checked (Redis unreachable); it may be fine.
    case revocationUnavailable

    public var description: String {
        switch self {
        case .missingCredentials: "authentication required: no session cookie, bearer token or ALB token"
        case .tokenTooLarge: "token too large"
        case .headerTooLarge: "token header too large"
        case .malformedToken(let detail): "malformed token: \(detail)"
        case .unsupportedAlgorithm: "unsupported token algorithm"
        case .invalidKeyID: "invalid token key id"
        case .unknownSigner: "token signer is not accepted"
        case .tokenExpired: "token expired"
        case .invalidClaim(let claim): "token claim '\(claim)' is missing or invalid"
        case .invalidSignature: "token signature is invalid"
        case .unknownSigningKey: "token signing key is unknown"
        case .signingKeyUnavailable: "token signing key is unavailable; try again"
        case .sessionUnavailable: "cannot start a session; try again"
        case .sessionRevoked: "session ended (signed out or revoked); sign in again"
        case .sessionLifetimeExceeded: "session reached its maximum lifetime; sign in again"
        case .revocationUnavailable: "cannot check the session; try again"
        }
    }

    /// A fixed label for metrics (bounded cardinality).
    var metricLabel: String {
        switch self {
        case .missingCredentials: "missing"
        case .tokenTooLarge, .headerTooLarge: "too_large"
        case .malformedToken: "malformed"
        case .unsupportedAlgorithm: "algorithm"
        case .invalidKeyID: "key_id"
        case .unknownSigner: "signer"
        case .tokenExpired: "expired"
        case .invalidClaim: "claim"
        case .invalidSignature: "signature"
        case .unknownSigningKey: "unknown_key"
        case .signingKeyUnavailable: "key_unavailable"
        case .sessionUnavailable: "session_unavailable"
        case .sessionRevoked: "revoked"
        case .sessionLifetimeExceeded: "max_lifetime"
        case .revocationUnavailable: "revocation_unavailable"
        }
    }

    /// The API error a request gets for this failure: 401, or 503 when the key server is down.
    var apiError: APIError {
        switch self {
        case .signingKeyUnavailable, .sessionUnavailable, .revocationUnavailable: APIError(.serviceUnavailable, message: description)
        default: .unauthorized(description)
        }
    }
}
