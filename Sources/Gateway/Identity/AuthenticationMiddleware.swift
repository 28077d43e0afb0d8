import Hummingbird
import Logging
import PorticoCore

/// Authenticates every request of the routes it guards (everything but `/noauth/…`,
/// `/healthcheck` and `/metrics`) and puts the `Identity` into the context; a request that
/// cannot be authenticated gets a 401 JSON error saying which check failed. When the ALB header
/// started a new session, the response sets the session cookie.
///
/// A session whose groups were resolved `auth.session.groups_refresh_seconds` ago or longer has
/// them resolved again through AuthService (`refreshGroups`, which asks Google Directory afresh)
/// before the request goes on; a cookie session then gets a renewed cookie.
///
/// In development, a browser page (a GET that accepts HTML) without credentials is sent to the
/// development sign-in instead, and comes back afterwards.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    let authenticator: RequestAuthenticator
    let metrics: IdentityMetrics
    /// Where to send a browser without credentials in development; nil in production.
    let developmentSignInPath: String?
    /// Resolves the caller's groups again through AuthService, bypassing every cache.
    let refreshGroups: @Sendable (Identity, Logger) async throws -> Void

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var outcome: RequestAuthenticator.Outcome
        do {
            outcome = try await authenticator.authenticate(request)
        } catch {
            metrics.authenticationFailed(error)
            context.logger.info("authentication refused", metadata: [
                "reason": "\(error.metricLabel)", "client": "\(context.clientAddress?.description ?? "unknown")",
            ])
            if error == .missingCredentials, let signIn = developmentSignInPath, wantsPage(request) {
                return Response(status: .seeOther, headers: [.location: signIn + "?next=" + PercentEncoding.encode(request.uri.description, allowing: .unreservedAndSlash)])
            }
            throw error.apiError
        }
        if authenticator.groupsNeedRefresh(outcome) {
            try await refreshGroups(outcome.identity, context.logger)
            do {
                outcome = try authenticator.refreshed(outcome)
            } catch {
                throw error.apiError
            }
        }
        var context = context
        context.identity = outcome.identity
        context.logger[metadataKey: "user"] = "\(outcome.identity.email)"
        var response = try await next(request, context)
        if let cookie = outcome.newSessionCookie { response.setCookie(cookie) }
        return response
    }

    private func wantsPage(_ request: Request) -> Bool {
        request.method == .get && (request.headers[.accept] ?? "").contains("text/html")
    }
}
