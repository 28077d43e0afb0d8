import Foundation
import Hummingbird

/// Decides who a request comes from, in this order: a bearer session token (refused outright
/// when invalid: the caller asked for exactly that identity), the session cookie, then the ALB's
/// token header, which starts a new browser session. A bad cookie falls through to the ALB
/// header (an expired session behind the ALB simply renews); with nothing valid, the most
/// specific failure is reported.
struct RequestAuthenticator: Sendable {
    /// An authenticated request, and the session cookie to set when a new session began.
    struct Outcome: Sendable {
        var identity: Identity
        var newSessionCookie: Cookie?
    }

    let sessions: SessionTokens
    let cookie: SessionCookie
    /// Nil when `auth.alb.enabled` is false.
    let alb: ALBTokenVerifier?
    let albHeader: String

    func authenticate(_ request: Request) async throws(AuthenticationFailure) -> Outcome {
        if let bearer = bearerToken(in: request) {
            let claims = try sessions.verify(bearer)
            return Outcome(identity: identity(claims, method: .bearer), newSessionCookie: nil)
        }
        var cookieFailure: AuthenticationFailure?
        if let token = cookie.token(in: request) {
            do {
                let claims = try sessions.verify(token)
                return Outcome(identity: identity(claims, method: .sessionCookie), newSessionCookie: nil)
            } catch {
                cookieFailure = error
            }
        }
        if let alb, let token = request.headers.first(named: albHeader) {
            let claims = try await alb.verify(token)
            return try startSession(email: claims.email, groups: claims.groups)
        }
        throw cookieFailure ?? .missingCredentials
    }

    /// A new browser session for someone the ALB (or the development sign-in) vouched for.
    func startSession(email: String, groups: [String]) throws(AuthenticationFailure) -> Outcome {
        let issued: (token: String, claims: SessionClaims)
        do {
            issued = try sessions.issue(email: email, groups: groups, audience: .browser)
        } catch {
            // Only the random generator can fail here; no session can be issued without it.
            throw .sessionUnavailable
        }
        return Outcome(identity: identity(issued.claims, method: .albToken), newSessionCookie: cookie.cookie(carrying: issued.token))
    }

    private func identity(_ claims: SessionClaims, method: Identity.Method) -> Identity {
        Identity(
            email: claims.subject, groups: claims.groups, method: method, sessionID: claims.sessionID,
            audience: claims.audience)
    }

    /// The token of `Authorization: Bearer <token>` (scheme case-insensitive), if present.
    private func bearerToken(in request: Request) -> String? {
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
