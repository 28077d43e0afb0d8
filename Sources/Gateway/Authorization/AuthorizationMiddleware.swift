import Hummingbird

/// Resolves the signed-in caller's merged groups and rights once per request (AuthService,
/// through `CallerAuthorizer`'s cache) into `GatewayRequestContext.authorization`, for the routes
/// that need them (the group it guards); routes read them with `requireAuthorization()`. Runs
/// after `AuthenticationMiddleware`.
///
/// A failure (AuthService down: 503; the identity refused: 403) is kept in the context rather
/// than thrown here, so the route answers it as its own and counts it in its metrics.
struct AuthorizationMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    let authorizer: CallerAuthorizer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let identity = try context.requireIdentity()
        do {
            context.authorization = .success(try await authorizer.authorize(identity, logger: context.logger))
        } catch {
            context.authorization = .failure(error)
        }
        return try await next(request, context)
    }
}

extension GatewayRequestContext {
    /// The caller's merged groups and rights as `AuthorizationMiddleware` resolved them.
    /// - Throws: the `APIError` AuthService's failure became (503, 403 or 502), or a 401 when the
    ///   route was reached without authentication or authorization (a wiring error).
    func requireAuthorization() throws -> CallerAuthorization {
        guard let authorization else {
            throw APIError.unauthorized(AuthenticationFailure.missingCredentials.description)
        }
        return try authorization.get()
    }
}
