import Hummingbird

/// Refuses (403) a state-changing request (POST, PUT, PATCH, DELETE) whose credential a browser
/// could have attached on its own unless it carries the session's CSRF token in `X-CSRF-Token`.
/// Bearer-token calls and CLI sessions need none (see `Identity.needsCSRFToken`). Runs after
/// `AuthenticationMiddleware`.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    static let stateChanging: Set<HTTPRequest.Method> = [.post, .put, .patch, .delete]

    let tokens: CSRFTokens

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.stateChanging.contains(request.method), let identity = context.identity, identity.needsCSRFToken {
            guard let presented = request.headers.first(named: CSRFTokens.headerName) else {
                throw APIError.forbidden("missing CSRF token: send the X-CSRF-Token header from /api/v2/user_profile")
            }
            guard tokens.isValid(presented, for: identity.sessionID) else {
                throw APIError.forbidden("invalid CSRF token: reload /api/v2/user_profile for the current one")
            }
        }
        return try await next(request, context)
    }
}
