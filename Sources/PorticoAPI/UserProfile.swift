/// The answer of `GET /api/v2/user_profile`: what a client needs to know about the signed-in
/// user, in ConsoleMe's shape, kept small: `{"user", "groups", "authorization": {"can_admin",
/// "can_admin_policies", "can_edit_config", "can_create_roles", "can_delete_iam_principals"}, "authenticated_by",
/// "can_logout", "csrf_token", "site_config": {"environment", "dev_sign_in_url"?,
/// "temp_policy_support", "notifications": {"enabled", "request_interval"},
/// "cloudtrail_denies_policy_generation"}, "pages": {"policies", "self_service", "config", "audit",
/// "groups", "users", "api_health": {"enabled"}}, "accounts": {"<id>": "<name>"}}`.
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
    /// Which pages this person may use (ConsoleMe's header menu); absent from older servers.
    public var pages: Pages?
    /// Every account's id → name, as the cache and the configuration know them.
    public var accounts: [String: String]?

    public init(
        user: String, groups: [String], authorization: Authorization, authenticatedBy: String, canLogout: Bool,
        csrfToken: String, siteConfig: SiteConfig, pages: Pages? = nil, accounts: [String: String]? = nil
    ) {
        self.user = user
        self.groups = groups
        self.authorization = authorization
        self.authenticatedBy = authenticatedBy
        self.canLogout = canLogout
        self.csrfToken = csrfToken
        self.siteConfig = siteConfig
        self.pages = pages
        self.accounts = accounts
    }

    enum CodingKeys: String, CodingKey {
        case user, groups, authorization, pages, accounts
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
        /// Whether changes may carry an expiry (`policies.temp_policy_support`).
        public var tempPolicySupport: Bool?
        /// ConsoleMe's notification bell; Portico has none, so it is off.
        public var notifications: Notifications?
        /// Whether the wizard offers "request what was denied" (CloudTrail denials per role).
        public var cloudtrailDeniesPolicyGeneration: Bool?

        /// `{"enabled", "request_interval"}` (seconds).
        public struct Notifications: Codable, Sendable, Hashable {
            public var enabled: Bool
            public var requestInterval: Int

            public init(enabled: Bool, requestInterval: Int) {
                self.enabled = enabled
                self.requestInterval = requestInterval
            }

            enum CodingKeys: String, CodingKey {
                case enabled
                case requestInterval = "request_interval"
            }
        }

        public init(
            environment: String, devSignInURL: String? = nil, tempPolicySupport: Bool? = nil,
            notifications: Notifications? = nil, cloudtrailDeniesPolicyGeneration: Bool? = nil
        ) {
            self.environment = environment
            self.devSignInURL = devSignInURL
            self.tempPolicySupport = tempPolicySupport
            self.notifications = notifications
            self.cloudtrailDeniesPolicyGeneration = cloudtrailDeniesPolicyGeneration
        }

        enum CodingKeys: String, CodingKey {
            case environment, notifications
            case devSignInURL = "dev_sign_in_url"
            case tempPolicySupport = "temp_policy_support"
            case cloudtrailDeniesPolicyGeneration = "cloudtrail_denies_policy_generation"
        }
    }

    /// ConsoleMe's `pages`: each page of the UI this person may open (`{"enabled": Bool}`).
    public struct Pages: Codable, Sendable, Hashable {
        /// `{"enabled"}`.
        public struct Page: Codable, Sendable, Hashable {
            public var enabled: Bool
            public init(_ enabled: Bool) { self.enabled = enabled }
        }

        /// The policies table and the role and resource pages.
        public var policies: Page
        /// The self-service wizard.
        public var selfService: Page
        /// The dynamic configuration editor (`can_edit_config`).
        public var config: Page
        /// The audit trail (`can_admin`).
        public var audit: Page
        /// ConsoleMe's group and user management and API health pages, which Portico does not have.
        public var groups: Page
        public var users: Page
        public var apiHealth: Page

        public init(policies: Page, selfService: Page, config: Page, audit: Page, groups: Page, users: Page, apiHealth: Page) {
            self.policies = policies
            self.selfService = selfService
            self.config = config
            self.audit = audit
            self.groups = groups
            self.users = users
            self.apiHealth = apiHealth
        }

        enum CodingKeys: String, CodingKey {
            case policies, config, audit, groups, users
            case selfService = "self_service"
            case apiHealth = "api_health"
        }
    }
}
