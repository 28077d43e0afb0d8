import Foundation
import PorticoConfig
import PorticoCrypto

/// Issues and checks Portico's session JWTs: HS256 under a key derived from
/// `auth.session.secret` (shared by every gateway replica), so any replica accepts a session
/// another issued. Verification refuses any `alg` but HS256, compares the MAC in constant time
/// before reading the payload, and enforces `exp` (on every use, also for a token it verified
/// before and remembers in `verified`) and the maximum lifetime: no session, renewed or made by
/// a CLI login, is valid `maxLifetime` after the sign-in (`auth_time`) it descends from.
struct SessionTokens: Sendable {
    /// Session tokens are small; anything larger is refused before decoding.
    static let limits = CompactJWS.Limits(maxTokenBytes: 8 * 1024, maxHeaderBytes: 256)
    /// How far in the future `iat` may be (clock skew between replicas).
    static let issuedAtSkew: Int64 = 60

    /// How many verified tokens each gateway remembers (a few MiB at most).
    static let verifiedCapacity = 4096

    private let signingKey: [UInt8]
    let lifetime: Duration
    /// How long after the sign-in any session descending from it may be used.
    let maxLifetime: Duration
    /// Tokens that passed `verify` before: the same token again skips the parse and the MAC.
    let verified = VerifiedSessions(capacity: verifiedCapacity)
    /// `{"alg":"HS256","typ":"JWT"}`, encoded once.
    private let encodedHeader = Base64URL.encode(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))

    init(secret: Secret, lifetime: Duration, maxLifetime: Duration = .seconds(12 * 3600)) {
        signingKey = KeyDerivation.key(for: .sessionSigning, from: secret)
        self.lifetime = lifetime
        self.maxLifetime = maxLifetime
    }

    /// A new session for `email`: for a sign-in now, or (`signedInAt`) for a CLI login that
    /// inherits an earlier sign-in. `sessionID` nil makes a fresh random one.
    /// - Throws: `AuthenticationFailure.sessionLifetimeExceeded` when that sign-in is
    ///   `maxLifetime` old; the random generator's error.
    func issue(
        email: String, groups: [String], audience: SessionClaims.Audience, signedInAt: Int64? = nil,
        groupsResolvedAt: Int64? = nil, sessionID: String? = nil, now: Date = Date()
    ) throws -> (token: String, claims: SessionClaims) {
        let issuedAt = Int64(now.timeIntervalSince1970)
        let signedInAt = signedInAt ?? issuedAt
        let expiresAt = min(issuedAt + lifetime.components.seconds, signedInAt + maxLifetime.components.seconds)
        guard expiresAt > issuedAt else { throw AuthenticationFailure.sessionLifetimeExceeded }
        let claims = SessionClaims(
            subject: email, groups: groups, issuedAt: issuedAt, expiresAt: expiresAt,
            sessionID: try sessionID ?? SecureRandom.token(byteCount: 18), audience: audience,
            signedInAt: signedInAt, groupsResolvedAt: groupsResolvedAt ?? issuedAt)
        return (try sign(claims), claims)
    }

    /// The same session (id, sign-in, groups, audience) issued again at `now`, its groups
    /// resolved at `now`; it expires no later than `maxLifetime` after the sign-in.
    func renewed(_ claims: SessionClaims, now: Date = Date()) throws -> (token: String, claims: SessionClaims) {
        try issue(
            email: claims.subject, groups: claims.groups, audience: claims.audience, signedInAt: claims.signedInAt,
            groupsResolvedAt: Int64(now.timeIntervalSince1970), sessionID: claims.sessionID, now: now)
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
            try checkTimes(claims, now: seconds)
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
        try checkTimes(claims, now: seconds)
        guard !claims.subject.isEmpty else { throw .invalidClaim("sub") }
        guard !claims.sessionID.isEmpty else { throw .invalidClaim("sid") }
        verified.remember(token, claims: claims, now: seconds)
        return claims
    }

    /// `exp` not reached, `iat` and `auth_time` not in the future (beyond the skew), and the
    /// sign-in less than `maxLifetime` ago, at `now` in seconds.
    private func checkTimes(_ claims: SessionClaims, now: Int64) throws(AuthenticationFailure) {
        guard now < claims.expiresAt else { throw .tokenExpired }
        guard claims.issuedAt <= now + Self.issuedAtSkew else { throw .invalidClaim("iat") }
        guard claims.signedInAt <= claims.issuedAt else { throw .invalidClaim("auth_time") }
        guard now < claims.signedInAt + maxLifetime.components.seconds else { throw .sessionLifetimeExceeded }
    }

    /// Remembers that `claims` (renewed from those `token` carries) now stand for `token` on
    /// this gateway: a bearer token cannot be replaced in its holder's hands, so its refreshed
    /// groups time lives here.
    func remember(_ token: String, renewed claims: SessionClaims, now: Date = Date()) {
        verified.remember(token, claims: claims, now: Int64(now.timeIntervalSince1970))
    }
}
