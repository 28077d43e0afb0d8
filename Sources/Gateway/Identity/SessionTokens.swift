import Foundation
import PorticoConfig
import PorticoCrypto

/// Issues and checks Portico's session JWTs: HS256 under a key derived from
/// `auth.session.secret` (shared by every gateway replica), so any replica accepts a session
/// another issued. Verification refuses any `alg` but HS256, compares the MAC in constant time
/// before reading the payload, and enforces `exp` (on every use, also for a token it verified
/// before and remembers in `verified`).
struct SessionTokens: Sendable {
    /// Session tokens are small; anything larger is refused before decoding.
    static let limits = CompactJWS.Limits(maxTokenBytes: 8 * 1024, maxHeaderBytes: 256)
    /// How far in the future `iat` may be (clock skew between replicas).
    static let issuedAtSkew: Int64 = 60

    /// How many verified tokens each gateway remembers (a few MiB at most).
    static let verifiedCapacity = 4096

    private let signingKey: [UInt8]
    let lifetime: Duration
    /// Tokens that passed `verify` before: the same token again skips the parse and the MAC.
    let verified = VerifiedSessions(capacity: verifiedCapacity)
    /// `{"alg":"HS256","typ":"JWT"}`, encoded once.
    private let encodedHeader = Base64URL.encode(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))

    init(secret: Secret, lifetime: Duration) {
        signingKey = KeyDerivation.key(for: .sessionSigning, from: secret)
        self.lifetime = lifetime
    }

    /// A new session for `email` with a fresh random session id.
    func issue(
        email: String, groups: [String], audience: SessionClaims.Audience, now: Date = Date()
    ) throws -> (token: String, claims: SessionClaims) {
        let issuedAt = Int64(now.timeIntervalSince1970)
        let claims = SessionClaims(
            subject: email, groups: groups, issuedAt: issuedAt,
            expiresAt: issuedAt + lifetime.components.seconds,
            sessionID: try SecureRandom.token(byteCount: 18), audience: audience)
        return (try sign(claims), claims)
    }

    /// The signed token for `claims` (tests and `issue`).
    func sign(_ claims: SessionClaims) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let payload = Base64URL.encode(Array(try encoder.encode(claims)))
        let signingInput = encodedHeader + "." + payload
        let mac = HMACSHA256.authenticationCode(for: Array(signingInput.utf8), key: signingKey)
        return signingInput + "." + Base64URL.encode(mac)
    }

    func verify(_ token: String, now: Date = Date()) throws(AuthenticationFailure) -> SessionClaims {
        let seconds = Int64(now.timeIntervalSince1970)
        if let claims = verified.claims(for: token) {
            try Self.checkTimes(claims, now: seconds)
            return claims
        }
        let jws = try CompactJWS(parsing: token, limits: Self.limits)
        guard jws.algorithm == "HS256" else { throw .unsupportedAlgorithm }
        guard HMACSHA256.isValid(jws.signature, for: jws.signingInput, key: signingKey) else {
            throw .invalidSignature
        }
        // Authentic from here on: the payload was written by a gateway holding the secret.
        let claims: SessionClaims
        do {
            claims = try JSONDecoder().decode(SessionClaims.self, from: Data(try jws.payloadBytes()))
        } catch {
            throw .malformedToken("payload is not a Portico session")
        }
        try Self.checkTimes(claims, now: seconds)
        guard !claims.subject.isEmpty else { throw .invalidClaim("sub") }
        guard !claims.sessionID.isEmpty else { throw .invalidClaim("sid") }
        verified.remember(token, claims: claims, now: seconds)
        return claims
    }

    /// `exp` not reached and `iat` not in the future (beyond the skew), at `now` in seconds.
    private static func checkTimes(_ claims: SessionClaims, now: Int64) throws(AuthenticationFailure) {
        guard now < claims.expiresAt else { throw .tokenExpired }
        guard claims.issuedAt <= now + issuedAtSkew else { throw .invalidClaim("iat") }
    }
}
