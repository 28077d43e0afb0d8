import PorticoConfig
import PorticoCrypto

/// Separate keys for separate jobs, all derived from `auth.session.secret`: a key that signs
/// sessions never computes CSRF tokens, so one can never be presented as the other.
enum KeyDerivation {
    enum Purpose: String {
        case sessionSigning = "portico/session-signing/v1"
        case csrf = "portico/csrf/v1"
    }

    /// HMAC-SHA256(secret, purpose): a 32-byte key only this purpose uses.
    static func key(for purpose: Purpose, from secret: Secret) -> [UInt8] {
        HMACSHA256.authenticationCode(for: Array(purpose.rawValue.utf8), key: secret.bytes)
    }
}
