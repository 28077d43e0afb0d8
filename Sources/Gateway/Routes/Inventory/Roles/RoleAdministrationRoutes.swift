import Foundation
import Hummingbird
import NIOCore
import PorticoAPI
import Proto

/// ConsoleMe's role-writing routes, over the request service's `Admin` methods (which check the
/// right again, do the IAM work through the spoke role, refresh the cache and audit):
/// - `POST /api/v2/roles` `RoleCreationBody` → `RoleCreationAnswer`; `can_create_roles`
/// - `POST /api/v2/clone/role` `RoleCloneBody` → `RoleCreationAnswer`; `can_create_roles`
/// - `DELETE /api/v2/roles/{account}/{name}` → `RoleDeletionAnswer`; `can_delete_iam_principals`
/// Refusals are ConsoleMe's `application/problem+json` (`PolicyRequestProblem`): 403 without the
/// right (nothing is asked of AWS), 400 naming the field, 404 for a source or target role that
/// does not exist, 409 for a role that exists already, 502 when AWS refused the first step.
struct RoleAdministrationRoutes: Sendable {
    let backends: GatewayBackends
    /// The largest body (ConsoleMe's bodies are a few hundred bytes).
    static let maxBodyBytes = 64 * 1024
    /// How long a role change may take: the IAM calls and the cache's refresh of the role.
    static let callTimeout: Duration = .seconds(60)

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.post("api/v2/roles") { request, context in
            try await backends.routeMetrics.counting(.roleAdministration) {
                let authorized = try Self.caller(context, \.canCreateRoles, "can_create_roles")
                guard case .passed(let caller) = authorized else { return authorized.refusal }
                let body = try await Self.body(request) { try RoleCreationBody(json: $0) }
                guard case .passed(let creation) = body else { return body.refusal }
                let answer = try await call(context) {
                    try await backends.clients.admin.createRole(.init(
                        caller: caller, accountID: creation.accountID, roleName: creation.roleName,
                        description: creation.description ?? "", instanceProfile: creation.instanceProfile), options: options(context))
                }
                return try Self.created(answer)
            }
        }
        group.post("api/v2/clone/role") { request, context in
            try await backends.routeMetrics.counting(.roleAdministration) {
                let authorized = try Self.caller(context, \.canCreateRoles, "can_create_roles")
                guard case .passed(let caller) = authorized else { return authorized.refusal }
                let body = try await Self.body(request) { try RoleCloneBody(json: $0) }
                guard case .passed(let clone) = body else { return body.refusal }
                let options = clone.options
                let answer = try await call(context) {
                    try await backends.clients.admin.cloneRole(.init(
                        caller: caller, accountID: clone.accountID, roleName: clone.roleName,
                        destAccountID: clone.destinationAccountID, destRoleName: clone.destinationRoleName,
                        options: AdminCloneRoleOptions(
                            assumeRolePolicy: options.assumeRolePolicy, tags: options.tags, copyDescription: options.copyDescription,
                            description: options.description ?? "", inlinePolicies: options.inlinePolicies,
                            managedPolicies: options.managedPolicies, maxSessionDuration: options.maxSessionDuration)),
                        options: self.options(context))
                }
                return try Self.created(answer)
            }
        }
        group.delete("api/v2/roles/:account/:name") { _, context in
            try await backends.routeMetrics.counting(.roleAdministration) {
                let authorized = try Self.caller(context, \.canDeleteIamPrincipals, "can_delete_iam_principals")
                guard case .passed(let caller) = authorized else { return authorized.refusal }
                let account = context.parameters.get("account") ?? ""
                let name = context.parameters.get("name")?.removingPercentEncoding ?? ""
                let answer = try await call(context) {
                    try await backends.clients.admin.deleteRole(
                        .init(caller: caller, accountID: account, roleName: name), options: options(context))
                }
                guard answer.outcome == .done else { return try Self.refusal(answer) }
                return JSONBody.response(RoleDeletionAnswer(role: name, account: account, actionResults: Self.results(answer)))
            }
        }
    }

    // MARK: Answers

    private static func created(_ answer: AdminRoleChangeResponse) throws -> Response {
        guard answer.outcome == .done else { return try refusal(answer) }
        return JSONBody.response(RoleCreationAnswer(arn: answer.arn, actionResults: results(answer)))
    }

    private static func results(_ answer: AdminRoleChangeResponse) -> [RoleCreationAnswer.ActionResult] {
        answer.actionResults.map { .init(succeeded: $0.succeeded, message: $0.message) }
    }

    private static func refusal(_ answer: AdminRoleChangeResponse) throws -> Response {
        switch answer.outcome {
        case .invalid: return problem(.badRequest(answer.message))
        case .notFound: return problem(.notFound(answer.message))
        case .alreadyExists: return problem(.conflict(answer.message, current: nil))
        case .failed: return problem(PolicyRequestProblem(status: 502, title: "Bad Gateway", message: "AWS refused: \(answer.message)"))
        case .done, .unspecified, .unrecognized:
            throw APIError(.badGateway, message: "the request service answered an outcome this gateway does not know")
        }
    }

    static func problem(_ problem: PolicyRequestProblem) -> Response {
        Response(
            status: HTTPResponse.Status(code: problem.status),
            headers: [.contentType: "application/problem+json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: JSONBody.encode(problem))))
    }

    // MARK: Inputs

    /// An input that passed its check, or the refusal answering it.
    enum Checked<Value> {
        case passed(Value)
        case refused(Response)

        var refusal: Response {
            if case .refused(let response) = self { return response }
            return RoleAdministrationRoutes.problem(.badRequest("body: not usable"))
        }
    }

    private static func body<Value>(_ request: Request, _ parse: (Data) throws -> Value) async throws -> Checked<Value> {
        do {
            let buffer = try await request.body.collect(upTo: maxBodyBytes)
            return .passed(try parse(Data(buffer: buffer)))
        } catch is NIOTooManyBytesError {
            return .refused(problem(.badRequest("body: larger than \(maxBodyBytes) bytes")))
        } catch let error as RoleBodyError {
            return .refused(problem(.badRequest(error.description)))
        }
    }

    /// The caller for the admin methods when they hold `right`; without it, the 403 (ConsoleMe's
    /// problem shape) answering them.
    private static func caller(
        _ context: GatewayRequestContext, _ right: KeyPath<UserRights, Bool>, _ name: String
    ) throws -> Checked<AdminCaller> {
        let caller = try context.requireAuthorization()
        guard caller.rights[keyPath: right] else {
            return .refused(problem(.forbidden("\(caller.user) does not hold \(name)")))
        }
        return .passed(AdminCaller(
            principal: caller.principal, canEditConfig: caller.rights.canEditConfig, canCreateRoles: caller.rights.canCreateRoles,
            canDeleteIamPrincipals: caller.rights.canDeleteIamPrincipals))
    }

    private func options(_ context: GatewayRequestContext) -> CallOptions {
        var options = backends.callOptions(for: context)
        options.timeout = max(options.timeout ?? Self.callTimeout, Self.callTimeout)
        return options
    }

    private func call<T>(_ context: GatewayRequestContext, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw APIError.backendFailure(error, from: .requests, logger: context.logger)
        }
    }
}
