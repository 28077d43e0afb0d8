import Foundation
import Hummingbird
import PorticoAPI

/// Ending sessions, both on record (`SessionAuditTrail`):
/// - `POST /api/v2/logout` ends the caller's own session on every replica (its id is revoked in
///   Redis until it would have expired) and clears the session cookie → `{"status": "success"}`.
///   Behind the ALB, the ALB's own session signs the browser in again with its next token;
///   ending that is the identity provider's sign-out.
/// - `DELETE /api/v2/sessions/{user}` (`can_admin` only) ends every session of `user` whose
///   sign-in happened up to now, CLI sessions made from them included → `{"status": "success",
///   "user", "revoked_before"}` (seconds since the epoch).
struct SessionRoutes: Sendable {
    let identity: GatewayIdentity
    let backends: GatewayBackends

    /// Logout on `authenticated`; the revocation, which needs the caller's rights, on `authorized`
    /// (behind `AuthorizationMiddleware`).
    func addRoutes(to authenticated: RouterGroup<GatewayRequestContext>, authorized: RouterGroup<GatewayRequestContext>) {
        authenticated.post("api/v2/logout") { _, context -> Response in
            try await logout(context: context)
        }
        authorized.delete("api/v2/sessions/:user") { _, context -> Response in
            try await revokeAll(context: context)
        }
    }

    private func logout(context: GatewayRequestContext) async throws -> Response {
        let caller = try context.requireIdentity()
        let now = Int64(Date().timeIntervalSince1970)
        let session = SessionClaims(
            subject: caller.email, groups: caller.groups, issuedAt: now, expiresAt: max(caller.expiresAt, now + 1),
            sessionID: caller.sessionID, audience: caller.audience, signedInAt: caller.signedInAt)
        do {
            try await identity.revocations.revoke(session, now: now)
        } catch {
            context.logger.error("logout failed: the session could not be revoked", metadata: ["error": "\(error)"])
            throw APIError(.serviceUnavailable, message: "cannot sign out now; try again")
        }
        await identity.audit.record(
            .logout, actor: caller.email, user: caller.email, client: context.clientAddress?.description, now: now,
            logger: context.logger)
        var response = JSONBody.response(LoggedOut())
        if let clearing = identity.cookie.clearing() { response.setCookie(clearing) }
        return response
    }

    private func revokeAll(context: GatewayRequestContext) async throws -> Response {
        let caller = try context.requireIdentity()
        let authorization = try context.requireAuthorization()
        guard authorization.rights.canAdmin else {
            context.logger.warning("session revocation refused: not an administrator", metadata: ["user": "\(caller.email)"])
            throw APIError.forbidden("only administrators (can_admin) may end another user's sessions")
        }
        // Path parameters arrive percent-encoded (an email's `@` may come as `%40`).
        guard let user = context.parameters.get("user")?.removingPercentEncoding, ChallengeRoutes.isUserName(user) else {
            throw APIError.badRequest("the user name must be 1 to 320 printable characters without spaces")
        }
        let now = Int64(Date().timeIntervalSince1970)
        do {
            try await identity.revocations.revokeAll(of: user, now: now)
        } catch {
            context.logger.error("session revocation failed", metadata: ["error": "\(error)", "revoked.user": "\(user)"])
            throw APIError(.serviceUnavailable, message: "cannot revoke sessions now; try again")
        }
        await identity.audit.record(
            .revokeUser, actor: caller.email, user: user, client: context.clientAddress?.description, now: now,
            logger: context.logger)
        return JSONBody.response(SessionsRevoked(user: user, revokedBefore: now))
    }
}
