import Hummingbird
import NIOCore
import Proto

/// `GET /api/v2/permission_templates` (ConsoleMe 3.2): the editor's policy templates
/// `{"permission_templates": [{"key", "text", "value"}]}` — the dynamic configuration's first,
/// then the file's whose key it does not have — from the request service, which holds both.
/// Any signed-in person may read them.
struct PermissionTemplateRoutes: Sendable {
    let backends: GatewayBackends

    func addRoutes(to authorized: RouterGroup<GatewayRequestContext>) {
        authorized.get("api/v2/permission_templates") { _, context in
            try await backends.routeMetrics.counting(.permissionTemplates) {
                let caller = try context.requireAuthorization()
                let call = PolicyRequestCall(
                    caller: PolicyRequestCaller(principal: caller.principal, canAdminPolicies: caller.rights.canAdminPolicies))
                let reply: PolicyRequestReply
                do {
                    reply = try await backends.clients.requests.getPermissionTemplates(call, options: backends.callOptions(for: context))
                } catch {
                    throw APIError.backendFailure(error, from: .requests, logger: context.logger)
                }
                return Response(
                    status: HTTPResponse.Status(code: Int(reply.status)),
                    headers: [.contentType: reply.status == 200 ? "application/json; charset=utf-8" : "application/problem+json",
                              .cacheControl: "no-store"],
                    body: .init(byteBuffer: ByteBuffer(string: reply.bodyJSON)))
            }
        }
    }
}
