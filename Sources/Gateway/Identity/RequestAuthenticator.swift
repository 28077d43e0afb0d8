import Foundation
import Hummingbird
import PorticoCrypto

/// Decides who a request comes from, in this order: a bearer session token (refused outright
/// when invalid: the caller asked for exactly that identity), the session cookie, then the ALB's
/// token header, which starts a new browser session. A bad cookie falls through to the ALB
/// header (an expired or ended session behind the ALB simply starts again); with nothing valid,
/// the most specific failure is reported. Every session, remembered or not, is checked against
/// the revocations in Redis.
///
/// A session the ALB header starts has its id derived from the ALB token (SHA-256), so a
/// client that keeps no cookie gets the same session id, and CSRF token, on every request with
/// the same signed-in browser state.
struct RequestAuthenticator: Sendable {
    /// An authenticated request, and the session cookie to set when a new session began.
    struct Outcome: Sendable {
        var identity: Identity
        var newSessionCookie: Cookie?
        /// The session's claims as verified (or just issued).
        var claims: SessionClaims
        /// The session token the request presented (bearer or cookie); nil when the ALB header
        /// started the session.
        var presentedToken: String?
    }

    let sessions: SessionTokens
    let cookie: SessionCookie
    /// Nil when `auth.alb.enabled` is false.
    let alb: ALBTokenVerifier?
    let albHeader: String
    let revocations: SessionRevocations
    /// `auth.session.groups_refresh_seconds`.
    let groupsRefreshSeconds: Int64

    func authenticate(_ request: Request) async throws(AuthenticationFailure) -> Outcome {
        if let bearer = Self.bearerToken(in: request) {
            let claims = try sessions.verify(bearer)
            try await revocations.check(claims)
            return Outcome(identity: identity(claims, method: .bearer), claims: claims, presentedToken: bearer)
        }
        var cookieFailure: AuthenticationFailure?
        if let token = cookie.token(in: request) {
            do {
                let claims = try sessions.verify(token)
                try await revocations.check(claims)
                return Outcome(identity: identity(claims, method: .sessionCookie), claims: claims, presentedToken: token)
            } catch {
                cookieFailure = error
            }
        }
        if let alb, let token = request.headers.first(named: albHeader) {
            let claims = try await alb.verify(token)
            let outcome = try startSession(email: claims.email, groups: claims.groups, sessionID: Self.sessionID(forALBToken: token))
            try await revocations.check(outcome.claims)
            return outcome
        }
        throw cookieFailure ?? .missingCredentials
    }

    /// The browser session the request's ALB header starts now, if it carries a valid one (nil
    /// when it carries none or ALB sign-in is off): how a request whose own session signed in
    /// long ago shows a sign-in the ALB vouches for at this moment.
    func currentALBSignIn(_ request: Request) async throws(AuthenticationFailure) -> Identity? {
        guard let alb, let token = request.headers.first(named: albHeader) else { return nil }
        let claims = try await alb.verify(token)
        let outcome = try startSession(email: claims.email, groups: claims.groups, sessionID: Self.sessionID(forALBToken: token))
        try await revocations.check(outcome.claims)
        return outcome.identity
    }

    /// A new browser session for someone the ALB (or the development sign-in) vouched for;
    /// `sessionID` nil makes a random one.
    func startSession(email: String, groups: [String], sessionID: String? = nil) throws(AuthenticationFailure) -> Outcome {
        let issued: (token: String, claims: SessionClaims)
        do {
            issued = try sessions.issue(email: email, groups: groups, audience: .browser, sessionID: sessionID)
        } catch {
            // Only the random generator can fail here; no session can be issued without it.
            throw .sessionUnavailable
        }
        return Outcome(
            identity: identity(issued.claims, method: .albToken), newSessionCookie: cookie.cookie(carrying: issued.token),
            claims: issued.claims)
    }

    /// Whether the session's groups were resolved `groups_refresh_seconds` or longer ago.
    func groupsNeedRefresh(_ outcome: Outcome, now: Date = Date()) -> Bool {
        Int64(now.timeIntervalSince1970) - outcome.claims.groupsResolvedAt >= groupsRefreshSeconds
    }

    /// The outcome once the groups were resolved again at `now`: this gateway remembers the
    /// presented token with the new time, and a cookie session gets a renewed cookie (same
    /// session, expiring no later than its maximum lifetime).
    func refreshed(_ outcome: Outcome, now: Date = Date()) throws(AuthenticationFailure) -> Outcome {
        var outcome = outcome
        var claims = outcome.claims
        claims.groupsResolvedAt = Int64(now.timeIntervalSince1970)
        if let token = outcome.presentedToken { sessions.remember(token, renewed: claims, now: now) }
        if outcome.identity.method == .sessionCookie {
            let renewed: (token: String, claims: SessionClaims)
            do {
                renewed = try sessions.renewed(outcome.claims, now: now)
            } catch let failure as AuthenticationFailure {
                throw failure
            } catch {
                throw .sessionUnavailable
            }
            claims = renewed.claims
            outcome.newSessionCookie = cookie.cookie(carrying: renewed.token)
        }
        outcome.claims = claims
        outcome.identity = identity(claims, method: outcome.identity.method)
        return outcome
    }

    /// The session id of a session the ALB token `token` starts: the first 18 bytes of its
    /// SHA-256, base64url (the shape of a random session id).
    static func sessionID(forALBToken token: String) -> String {
        Base64URL.encode(Array(SHA256.hash(token).prefix(18)))
    }

    private func identity(_ claims: SessionClaims, method: Identity.Method) -> Identity {
        Identity(
            email: claims.subject, groups: claims.groups, method: method, sessionID: claims.sessionID,
            audience: claims.audience, signedInAt: claims.signedInAt, groupsResolvedAt: claims.groupsResolvedAt,
            expiresAt: claims.expiresAt)
    }

    /// The token of `Authorization: Bearer <token>` (scheme case-insensitive), if present.
    static func bearerToken(in request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return Self.trimmingBlanks(parts[1])
    }

    /// `text` without leading and trailing spaces and tabs (HTTP's optional whitespace), on the
    /// UTF-8 view: Foundation's `trimmingCharacters` walks UTF-16 and cost a tenth of a cached
    /// request's CPU.
    static func trimmingBlanks(_ text: Substring) -> String {
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = text.utf8.firstIndex(where: { !isBlank($0) }),
              let last = text.utf8.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(text[first...last])
    }
}
