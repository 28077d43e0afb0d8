import Hummingbird
import PorticoAPI

/// `GET /api/v2/user_profile` (`PorticoAPI.UserProfile`): what the web UI needs to know about the
/// signed-in user, in ConsoleMe's shape, kept small:
/// `{"user", "groups", "authorization": {"can_admin", "can_admin_policies", "can_edit_config",
/// "can_create_roles", "can_delete_iam_principals"}, "authenticated_by", "can_logout", "csrf_token", "site_config":
/// {"environment", "dev_sign_in_url"?, "temp_policy_support", "notifications", "cloudtrail_denies_policy_generation"},
/// "pages", "accounts"}`. `pages` says which pages of the UI this person may use (the server
/// still authorizes every call); `accounts` every account's name. `groups` are the merged groups and `authorization`
/// the rights AuthService answers (`503` when it cannot be asked). `csrf_token` is the value to
/// send as `X-CSRF-Token` on state-changing calls for this session (the UI fetches this first,
/// which also starts the session behind the ALB).
struct UserProfileRoutes: Sendable {
    let identity: GatewayIdentity
    let backends: GatewayBackends

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.get("api/v2/user_profile") { _, context -> Response in
            try await backends.routeMetrics.counting(.userProfile) {
                let caller = try context.requireIdentity()
                let authorization = try context.requireAuthorization()
                let rights = authorization.rights
                // Never waits for the cache: the names the gateway has read (and the configured ones).
                let accounts = backends.roles.knownAccounts()
                let pages = UserProfile.Pages(
                    policies: .init(true), selfService: .init(true), config: .init(rights.canEditConfig), audit: .init(rights.canAdmin),
                    groups: .init(false), users: .init(false), apiHealth: .init(false))
                return JSONBody.response(UserProfile(
                    user: caller.email, groups: authorization.groups,
                    authorization: .init(
                        canAdmin: rights.canAdmin, canAdminPolicies: rights.canAdminPolicies,
                        canEditConfig: rights.canEditConfig, canCreateRoles: rights.canCreateRoles,
                        canDeleteIAMPrincipals: rights.canDeleteIamPrincipals),
                    authenticatedBy: caller.method.rawValue,
                    // `POST /api/v2/logout` ends the Portico session (the ALB's own is the identity provider's).
                    canLogout: true,
                    csrfToken: identity.csrf.token(for: caller.sessionID),
                    siteConfig: .init(
                        environment: identity.configuration.environment.rawValue,
                        devSignInURL: identity.devSigner == nil ? nil : DevSignInRoutes.signInPath,
                        tempPolicySupport: identity.configuration.policies.tempPolicySupport,
                        notifications: .init(enabled: false, requestInterval: 60),
                        cloudtrailDeniesPolicyGeneration: true),
                    pages: pages, accounts: accounts))
            }
        }
    }
}
