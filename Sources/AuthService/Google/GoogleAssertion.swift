import Foundation
import PorticoCrypto

/// The RS256-signed JWT a service account exchanges for an access token (RFC 7523): issued by
/// the account, on behalf of `subject` (domain-wide delegation), for one scope, addressed to
/// the token endpoint, valid for at most an hour.
struct GoogleAssertion: Sendable {
    /// Read-only access to group memberships.
    static let directoryGroupScope = "https://www.googleapis.com/auth/admin.directory.group.readonly"
    /// The longest lifetime Google accepts.
    static let maxLifetimeSeconds: Int64 = 3600

    var key: GoogleServiceAccountKey
    /// The Workspace user the account acts as (`google.credential_subject`).
    var subject: String?
    var scope: String = directoryGroupScope
    /// The token endpoint (`google.token_url`).
    var audience: String

    /// The compact JWS `header.claims.signature`, issued at `now`.
    func signed(now: Int64) throws(GoogleDirectoryError) -> String {
        let header = Header(alg: "RS256", typ: "JWT", kid: key.keyID)
        let claims = Claims(
            iss: key.clientEmail, sub: subject, scope: scope, aud: audience,
            iat: now, exp: now + Self.maxLifetimeSeconds)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let signingInput: String
        do {
            signingInput = Base64URL.encode(try encoder.encode(header)) + "." + Base64URL.encode(try encoder.encode(claims))
        } catch {
            throw .signingFailed(reason: "the claims could not be encoded")
        }
        do {
            let signature = try key.privateKey.signature(for: Array(signingInput.utf8))
            return signingInput + "." + Base64URL.encode(signature)
        } catch let error as CryptoError {
            throw .signingFailed(reason: error.description)
        } catch {
            throw .signingFailed(reason: "\(type(of: error))")
        }
    }

    private struct Header: Encodable {
        var alg: String
        var typ: String
        var kid: String?
    }

    private struct Claims: Encodable {
        var iss: String
        var sub: String?
        var scope: String
        var aud: String
        var iat: Int64
        var exp: Int64
    }
}
