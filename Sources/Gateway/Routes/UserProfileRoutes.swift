import Hummingbird

/// `GET /api/v2/user_profile`: what the web UI needs to know about the signed-in user, in
/// ConsoleMe's shape, kept small:
/// `{"user", "groups", "authenticated_by", "can_logout", "csrf_token", "site_config":
/// {"environment", "dev_sign_in_url"?}}`. `csrf_token` is the value to send as `X-CSRF-Token`
/// on state-changing calls for this session (the UI fetches this first, which also starts the
/// session behind the ALB). Group-based rights (`authorization`) come with AuthService.
struct UserProfileRoutes: Sendable {
    let identity: GatewayIdentity

    private struct UserProfile: Encodable {
        struct SiteConfig: Encodable {
            let environment: String
            let dev_sign_in_url: String?
        }

        let user: String
        let groups: [String]
        let authenticated_by: String
        /// Sign-out belongs to the ALB's identity provider; the gateway has no logout of its own.
        let can_logout = false
        let csrf_token: String
        let site_config: SiteConfig
    }

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.get("api/v2/user_profile") { _, context -> Response in
            let caller = try context.requireIdentity()
            return JSONBody.response(UserProfile(
                user: caller.email, groups: caller.groups, authenticated_by: caller.method.rawValue,
                csrf_token: identity.csrf.token(for: caller.sessionID),
                site_config: .init(
                    environment: identity.configuration.environment.rawValue,
                    dev_sign_in_url: identity.devSigner == nil ? nil : DevSignInRoutes.signInPath)))
        }
    }
}
