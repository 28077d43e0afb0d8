/// The answer of `GET /api/v2/user_profile`: what a client needs to know about the signed-in
/// user, in ConsoleMe's shape, kept small: `{"user", "groups", "authorization": {"can_admin",
/// "can_admin_policies", "can_edit_config", "can_create_roles", "can_delete_iam_principals"}, "authenticated_by",
/// "can_logout", "csrf_token", "site_config": {"environment", "dev_sign_in_url"?}}`.
public struct UserProfile: Codable, Sendable, Hashable {
    /// The user's email address.
    public var user: String
    /// Every group the user is in (token claims, directory, configuration), as AuthService merged them.
    public var groups: [String]
    public var authorization: Authorization
    /// How this request was authenticated: `cookie`, `bearer` or `alb`.
    public var authenticatedBy: String
    public var canLogout: Bool
    /// The value to send as `X-CSRF-Token` on state-changing calls of this session.
    public var csrfToken: String
    public var siteConfig: SiteConfig

    public init(
        user: String, groups: [String], authorization: Authorization, authenticatedBy: String, canLogout: Bool,
        csrfToken: String, siteConfig: SiteConfig
    ) {
        self.user = user
        self.groups = groups
        self.authorization = authorization
        self.authenticatedBy = authenticatedBy
        self.canLogout = canLogout
        self.csrfToken = csrfToken
        self.siteConfig = siteConfig
    }

    enum CodingKeys: String, CodingKey {
        case user, groups, authorization
        case authenticatedBy = "authenticated_by"
        case canLogout = "can_logout"
        case csrfToken = "csrf_token"
        case siteConfig = "site_config"
    }

    /// The user's rights, from the configuration's `groups:`.
    public struct Authorization: Codable, Sendable, Hashable {
        public var canAdmin: Bool
        public var canAdminPolicies: Bool
        public var canEditConfig: Bool
        public var canCreateRoles: Bool
        public var canDeleteIAMPrincipals: Bool

        public init(
            canAdmin: Bool, canAdminPolicies: Bool, canEditConfig: Bool, canCreateRoles: Bool, canDeleteIAMPrincipals: Bool = false
        ) {
            self.canAdmin = canAdmin
            self.canAdminPolicies = canAdminPolicies
            self.canEditConfig = canEditConfig
            self.canCreateRoles = canCreateRoles
            self.canDeleteIAMPrincipals = canDeleteIAMPrincipals
        }

        enum CodingKeys: String, CodingKey {
            case canAdmin = "can_admin"
            case canAdminPolicies = "can_admin_policies"
            case canEditConfig = "can_edit_config"
            case canCreateRoles = "can_create_roles"
            case canDeleteIAMPrincipals = "can_delete_iam_principals"
        }
    }

    /// What the deployment tells its clients.
    public struct SiteConfig: Codable, Sendable, Hashable {
        /// `prod` or `dev`.
        public var environment: String
        /// Where a browser signs in, in development only.
        public var devSignInURL: String?

        public init(environment: String, devSignInURL: String? = nil) {
            self.environment = environment
            self.devSignInURL = devSignInURL
        }

        enum CodingKeys: String, CodingKey {
            case environment
            case devSignInURL = "dev_sign_in_url"
        }
    }
}
