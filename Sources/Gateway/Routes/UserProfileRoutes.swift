import Hummingbird

/// `GET /api/v2/user_profile`: what the web UI needs to know about the signed-in user, in
/// ConsoleMe's shape, kept small:
/// `{"user", "groups", "authorization": {"can_admin", "can_admin_policies", "can_edit_config",
/// "can_create_roles"}, "authenticated_by", "can_logout", "csrf_token", "site_config":
/// {"environment", "dev_sign_in_url"?}}`. `groups` are the merged groups and `authorization`
/// the rights AuthService answers (`503` when it cannot be asked). `csrf_token` is the value to
/// send as `X-CSRF-Token` on state-changing calls for this session (the UI fetches this first,
/// which also starts the session behind the ALB).
struct UserProfileRoutes: Sendable {
    let identity: GatewayIdentity
    let backends: GatewayBackends

    private struct UserProfile: Encodable {
        struct SiteConfig: Encodable {
            let environment: String
            let dev_sign_in_url: String?
        }

        struct Authorization: Encodable {
            let can_admin: Bool
            let can_admin_policies: Bool
            let can_edit_config: Bool
            let can_create_roles: Bool
        }

        let user: String
        let groups: [String]
        let authorization: Authorization
        let authenticated_by: String
        /// `POST /api/v2/logout` ends the Portico session (the ALB's own is the identity provider's).
        let can_logout = true
        let csrf_token: String
        let site_config: SiteConfig
    }

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.get("api/v2/user_profile") { _, context -> Response in
            try await backends.routeMetrics.counting(.userProfile) {
                let caller = try context.requireIdentity()
                let authorization = try await backends.authorizer.authorize(caller, logger: context.logger)
                let rights = authorization.rights
                return JSONBody.response(UserProfile(
                    user: caller.email, groups: authorization.groups,
                    authorization: .init(
                        can_admin: rights.canAdmin, can_admin_policies: rights.canAdminPolicies,
                        can_edit_config: rights.canEditConfig, can_create_roles: rights.canCreateRoles),
                    authenticated_by: caller.method.rawValue,
                    csrf_token: identity.csrf.token(for: caller.sessionID),
                    site_config: .init(
                        environment: identity.configuration.environment.rawValue,
                        dev_sign_in_url: identity.devSigner == nil ? nil : DevSignInRoutes.signInPath)))
            }
        }
    }
}
