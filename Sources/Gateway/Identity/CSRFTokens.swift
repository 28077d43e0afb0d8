import PorticoConfig
import PorticoCrypto

/// The CSRF token of a browser session: an HMAC of its session id under a key derived from the
/// session secret, so every replica computes the same token, it needs no storage, and it changes
/// with every new session. A session the ALB header starts takes its id from the ALB token
/// (`RequestAuthenticator.sessionID(forALBToken:)`), so a client sending that header alone, with
/// no cookie, gets the same token on every request. The web UI reads it from `/api/v2/user_profile` (`csrf_token`) and
/// sends it as `X-CSRF-Token` on POST, PUT, PATCH and DELETE.
struct CSRFTokens: Sendable {
    /// The request header that carries the token.
    static let headerName = "X-CSRF-Token"

    private let key: [UInt8]

    init(secret: Secret) {
        key = KeyDerivation.key(for: .csrf, from: secret)
    }

    func token(for sessionID: String) -> String {
        Base64URL.encode(HMACSHA256.authenticationCode(for: Array(sessionID.utf8), key: key))
    }

    /// Whether `presented` is the token of `sessionID`, compared in constant time.
    func isValid(_ presented: String, for sessionID: String) -> Bool {
        ConstantTime.equals(Array(token(for: sessionID).utf8), Array(presented.utf8))
    }
}
