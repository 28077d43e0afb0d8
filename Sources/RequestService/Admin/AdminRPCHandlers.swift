import Foundation
import Logging
import PorticoAWS
import PorticoService
import Proto

/// The `Admin` methods (`proto/admin.proto`), served by `portico-server requests` on the same
/// router as `Requests`: the dynamic configuration (`DynamicConfigAdministration`) and roles
/// (`RoleAdministration`). Only Portico's own services may call, on behalf of a person holding
/// the method's right (checked here again, whatever the gateway decided).
enum AdminRPCHandlers {
    /// Builds what the methods use from the host's configuration and registers them on `router`.
    static func register(on router: inout RPCRouter, host: ServiceHost, credentials: (any AWSCredentialProvider)?) async throws {
        let runtime = try await AdminRuntime.make(host: host, credentials: credentials)
        register(on: &router, config: runtime.dynamicConfig)
        register(on: &router, roles: runtime.roles)
    }

    static func register(on router: inout RPCRouter, roles: RoleAdministration) {
        router.register(AdminMethods.createRole) { request, context in
            let caller = try await roles.authorized(
                request.caller, context, right: \.canCreateRoles, "can_create_roles",
                action: "create", arn: RoleAdministration.arn(request.accountID, request.roleName))
            return try await AdminCallerCheck.serving(context) { try await roles.create(request, caller: caller) }
        }
        router.register(AdminMethods.cloneRole) { request, context in
            let caller = try await roles.authorized(
                request.caller, context, right: \.canCreateRoles, "can_create_roles",
                action: "clone", arn: RoleAdministration.arn(request.destAccountID, request.destRoleName))
            return try await AdminCallerCheck.serving(context) { try await roles.clone(request, caller: caller) }
        }
        router.register(AdminMethods.deleteRole) { request, context in
            let caller = try await roles.authorized(
                request.caller, context, right: \.canDeleteIamPrincipals, "can_delete_iam_principals",
                action: "delete", arn: RoleAdministration.arn(request.accountID, request.roleName))
            return try await AdminCallerCheck.serving(context) { try await roles.delete(request, caller: caller) }
        }
    }

    static func register(on router: inout RPCRouter, config: DynamicConfigAdministration) {
        router.register(AdminMethods.getDynamicConfig) { request, context in
            let caller = try AdminCallerCheck.require(request.caller, context, right: \.canEditConfig, "can_edit_config")
            return try await AdminCallerCheck.serving(context) { try await config.current(caller: caller) }
        }
        router.register(AdminMethods.putDynamicConfig) { request, context in
            let caller = try AdminCallerCheck.require(request.caller, context, right: \.canEditConfig, "can_edit_config")
            return try await AdminCallerCheck.serving(context) {
                try await config.put(request.newConfig, existingSHA256: request.existingSha256, caller: caller)
            }
        }
        router.register(AdminMethods.listDynamicConfigHistory) { request, context in
            let caller = try AdminCallerCheck.require(request.caller, context, right: \.canEditConfig, "can_edit_config")
            return try await AdminCallerCheck.serving(context) { try await config.history(caller: caller) }
        }
    }
}


/// Who may call an `Admin` method: an internal service naming a person who holds the right.
enum AdminCallerCheck {
    static func require(
        _ caller: AdminCaller?, _ context: RPCContext, right: KeyPath<AdminCaller, Bool>, _ name: String
    ) throws(RPCError) -> AdminCaller {
        guard context.caller.kind == .internalService else {
            throw RPCError(.permissionDenied, "only Portico's services may call the admin methods")
        }
        guard let caller, let principal = caller.principal, !principal.user.isEmpty else {
            throw RPCError(.invalidArgument, "caller.principal.user is required")
        }
        guard caller[keyPath: right] else {
            throw RPCError(.permissionDenied, "\(principal.user) does not hold \(name)")
        }
        return caller
    }

    /// Runs `body`; a failure of DynamoDB, Redis or the audit stream is UNAVAILABLE.
    static func serving<T>(_ context: RPCContext, _ body: () async throws -> T) async throws(RPCError) -> T {
        do {
            return try await body()
        } catch let error as RPCError {
            throw error
        } catch {
            context.logger.error("admin call failed", metadata: ["error": "\(String(describing: error).prefix(300))"])
            throw RPCError(.unavailable, "the admin call could not complete: \(String(describing: error).prefix(200))")
        }
    }
}
