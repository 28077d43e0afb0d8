import Foundation
import Hummingbird
import PorticoAPI
import Proto

/// One-click AWS console sign-in, ConsoleMe-compatible, for a role given as an ARN or a
/// fragment of one (or of an account name) in the rest of the path, with optional `r` (console
/// region) and `redirect` (an AWS console URL to land on):
/// - `GET /api/v2/role_login/{query}` → `PorticoAPI.RoleLoginResponse` `{"type": "redirect", "redirect_url": <login URL>,
///   "reason": "console_login", "role": <ARN>}` for the web UI;
/// - `GET /role/{query}` → `302` to the login URL, for links and bookmarks.
///
/// Roles only the CLI may use are never signed in to. Refusals are JSON errors with
/// ConsoleMe's codes (`900`, `901` with the matching roles, `904`). The login URL signs in
/// whoever opens it: it is sent with `Cache-Control: no-store` and never logged.
struct ConsoleLoginRoutes: Sendable {
    let backends: GatewayBackends

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.get("api/v2/role_login/**") { request, context in
            try await backends.routeMetrics.counting(.roleLogin) {
                let login = try await signIn(request, context: context)
                return JSONBody.response(RoleLoginResponse(redirectURL: login.loginURL, role: login.roleARN))
            }
        }
        group.get("role/**") { request, context in
            try await backends.routeMetrics.counting(.roleRedirect) {
                let login = try await signIn(request, context: context)
                return Response(status: .found, headers: [.location: login.loginURL, .cacheControl: "no-store"])
            }
        }
    }

    private func signIn(_ request: Request, context: GatewayRequestContext) async throws -> GetConsoleLoginResponse {
        let query = try Self.requestedRole(context)
        let parameters = request.uri.queryParameters
        let region = try Self.queryText("r", in: parameters)
        let redirect = try Self.queryText("redirect", in: parameters)
        let caller = try context.requireAuthorization()
        let reply: GetConsoleLoginResponse
        do {
            reply = try await backends.clients.credentials.getConsoleLogin(
                GetConsoleLoginRequest(
                    principal: caller.principal, sourceIP: context.clientAddress?.description ?? "", requestedRole: query,
                    region: region, redirect: redirect),
                options: backends.callOptions(for: context))
        } catch {
            throw APIError.backendFailure(error, from: .credentials, logger: context.logger)
        }
        if let refusal = reply.refusal { throw APIError(refusal: refusal) }
        guard !reply.loginURL.isEmpty else {
            throw APIError(.badGateway, message: "the credential service answered without a sign-in URL")
        }
        return reply
    }

    /// The role asked for: the rest of the path after the route's prefix, percent-decoded.
    /// - Throws: `APIError` 400 `904` when it is empty, not valid percent-encoding, too long or
    ///   holds a control character.
    static func requestedRole(_ context: GatewayRequestContext) throws(APIError) -> String {
        let raw = context.parameters[Parameters.recursiveCaptureKey].map(String.init) ?? ""
        guard let decoded = raw.removingPercentEncoding else {
            throw CredentialRequestBody.malformed("the role in the path is not valid percent-encoding")
        }
        let role = decoded.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !role.isEmpty else { throw CredentialRequestBody.malformed("the path names no role") }
        guard role.utf8.count <= CredentialRequestBody.maxRoleBytes else {
            throw CredentialRequestBody.malformed("the role in the path is longer than \(CredentialRequestBody.maxRoleBytes) bytes")
        }
        guard !RequestText.hasControlCharacter(role) else {
            throw CredentialRequestBody.malformed("the role in the path must not contain control characters")
        }
        return role
    }

    /// The query parameter `name` (decoded; empty when absent). The credential service checks
    /// what it means (a region name, an AWS console URL).
    /// - Throws: `APIError` 400 `904` when it holds a control character.
    static func queryText(_ name: String, in parameters: Parameters) throws(APIError) -> String {
        let value = parameters.get(name) ?? ""
        guard !RequestText.hasControlCharacter(value) else {
            throw CredentialRequestBody.malformed("\(name) must not contain control characters")
        }
        return value
    }
}
