import Hummingbird
import NIOCore
import PorticoAPI
import Proto

/// ConsoleMe's policy request routes, passed through to the request service with the caller
/// and the rights AuthService gave them: `POST /api/v2/request` (create, with `dry_run`),
/// `POST /api/v2/requests` (list), `GET /api/v2/requests/{id}` (read-only) and
/// `PUT /api/v2/requests/{id}` (commands). The service decides the status and the body;
/// refusals are `application/problem+json`. Cookie sessions need the CSRF token on POST/PUT
/// (`CSRFMiddleware`).
struct PolicyRequestRoutes: Sendable {
    let backends: GatewayBackends
    /// The largest body passed on (the service refuses what exceeds `policies.max_request_bytes`).
    static let maxBodyBytes = 1_048_576

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.post("api/v2/request") { request, context in
            try await call(request, context, id: nil, method: RequestsMethods.createRequest)
        }
        group.post("api/v2/requests") { request, context in
            try await call(request, context, id: nil, method: RequestsMethods.listRequests)
        }
        group.get("api/v2/requests/:id") { request, context in
            try await call(request, context, id: context.parameters.get("id") ?? "", method: RequestsMethods.getRequest, readBody: false)
        }
        group.put("api/v2/requests/:id") { request, context in
            try await call(request, context, id: context.parameters.get("id") ?? "", method: RequestsMethods.modifyRequest)
        }
    }

    private func call(
        _ request: Request, _ context: GatewayRequestContext, id: String?,
        method: RPCMethod<PolicyRequestCall, PolicyRequestReply>, readBody: Bool = true
    ) async throws -> Response {
        try await backends.routeMetrics.counting(.policyRequests) {
            let caller = try context.requireAuthorization()
            var body = ""
            if readBody {
                do {
                    let buffer = try await request.body.collect(upTo: Self.maxBodyBytes)
                    body = String(decoding: buffer.readableBytesView, as: UTF8.self)
                } catch is NIOTooManyBytesError {
                    return Self.problem(PolicyRequestProblem.badRequest("body: larger than \(Self.maxBodyBytes) bytes"))
                }
            }
            let call = PolicyRequestCall(
                caller: PolicyRequestCaller(principal: caller.principal, canAdminPolicies: caller.rights.canAdminPolicies),
                requestID: id ?? "", bodyJSON: body)
            let reply: PolicyRequestReply
            do {
                reply = try await backends.clients.requests.rpc.call(method, call, options: backends.callOptions(for: context))
            } catch {
                throw APIError.backendFailure(error, from: .requests, logger: context.logger)
            }
            let status = HTTPResponse.Status(code: Int(reply.status))
            let type = reply.status == 200 ? "application/json; charset=utf-8" : "application/problem+json"
            return Response(
                status: status, headers: [.contentType: type, .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: reply.bodyJSON)))
        }
    }

    private static func problem(_ problem: PolicyRequestProblem) -> Response {
        Response(
            status: HTTPResponse.Status(code: problem.status),
            headers: [.contentType: "application/problem+json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: JSONBody.encode(problem))))
    }
}
