public import PorticoCore

extension PorticoConfiguration {
    /// Sign-in: the ALB's OIDC token, Portico's own session, client IPs, CLI login (`auth:`).
    public struct Auth: Sendable {
        public var alb = ALB()
        public var session = Session()
        /// How many proxies (the ALB counts) append to X-Forwarded-For in front of the gateway.
        /// The client's address is the entry this many hops from the right, so it assumes every
        /// request reaches the gateway through exactly these proxies (nothing else can connect).
        public var trustedProxyHops = 0
        public var challenge = Challenge()
        /// The demo users offered by the development sign-in page (`environment: dev` only).
        public var devUsers: [DevUser] = DevUser.defaults

        /// Validation of the `x-amzn-oidc-data` token the ALB adds.
        public struct ALB: Sendable {
            public var enabled = true
            public var header = "x-amzn-oidc-data"
            public var region = "us-east-1"
            public var publicKeyURL = "https://public-keys.auth.elb.{region}.amazonaws.com/{kid}"
            /// ALB ARNs whose tokens are accepted; a token from any other signer is refused.
            public var signerARNs: [String] = []
            public var emailClaim = "email"
            public var groupsClaim = "groups"
            /// When set, a token whose header `iss` (the identity provider's issuer URL) differs is refused.
            public var issuer: String?
            /// When not empty, a token whose header `client` (the OIDC client id the ALB signed in
            /// with) is not listed is refused: a token for another application on the same ALB.
            public var clientIDs: [String] = []

            /// The signer the development sign-in puts in its ALB-format tokens. Accepted only
            /// when `environment` is dev; a production gateway refuses it whatever the config says.
            public static let developmentSignerARN =
                "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/portico-dev/0000000000000000"
        }

        /// Portico's session JWT (cookie or bearer), signed with a secret shared by all gateways.
        public struct Session: Sendable {
            public var secret: Secret?
            public var cookieName = "consoleme_auth"
            /// How long one session token lives (a renewal issues a new one).
            public var expirationMinutes = 60
            /// No session (nor one a CLI login made from it) lives past this long after the
            /// sign-in through the ALB or the development sign-in it descends from.
            public var maxLifetimeMinutes = 720
            /// A session used this long after its groups were last resolved has them resolved
            /// through AuthService again (Google Directory asked afresh), not carried forward.
            public var groupsRefreshSeconds = 300
            /// The Redis stream that records logouts and revocations.
            public var auditStream = "portico:audit:sessions"
        }

        /// Weep-compatible CLI login through a browser-approved challenge.
        public struct Challenge: Sendable {
            public var enabled = true
            public var ttlSeconds = 120
            public var requireSameIP = true
            /// Only a browser session that signed in (ALB or development sign-in) at most this
            /// long ago may approve a challenge; CLI sessions never may.
            public var maxSignInAgeSeconds = 600
        }

        /// A demo user of the development sign-in: who they are and the groups their token claims.
        public struct DevUser: Sendable, Hashable {
            public var email: String
            public var groups: [String]

            public init(email: String, groups: [String]) {
                self.email = email
                self.groups = groups
            }

            /// alice (an engineer) and admin (a Portico administrator).
            public static var defaults: [DevUser] {
                [
                    DevUser(email: "alice@example.com", groups: ["engineering@example.com"]),
                    DevUser(email: "admin@example.com", groups: ["portico-admins@example.com"]),
                ]
            }
        }

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            let a = try r.section("alb")
            alb.enabled = try a.bool("enabled", default: alb.enabled)
            alb.header = try a.token("header", default: alb.header)
            alb.region = try a.string("region", default: alb.region)
            alb.publicKeyURL = try a.string("public_key_url", default: alb.publicKeyURL)
            alb.signerARNs = try a.strings("signer_arns")
            alb.emailClaim = try a.string("email_claim", default: alb.emailClaim)
            alb.groupsClaim = try a.string("groups_claim", default: alb.groupsClaim)
            alb.issuer = try a.optionalString("issuer").flatMap { $0.isEmpty ? nil : $0 }
            alb.clientIDs = try a.strings("client_ids")
            let s = try r.section("session")
            session.secret = try s.secret("secret")
            session.cookieName = try s.token("cookie_name", default: session.cookieName)
            session.expirationMinutes = try s.int("expiration_minutes", default: session.expirationMinutes, in: 1...10080)
            session.maxLifetimeMinutes = try s.int("max_lifetime_minutes", default: session.maxLifetimeMinutes, in: 1...43200)
            session.groupsRefreshSeconds = try s.int(
                "groups_refresh_seconds", default: session.groupsRefreshSeconds, in: 10...86400)
            session.auditStream = try s.string("audit_stream", default: session.auditStream)
            trustedProxyHops = try r.int("trusted_proxy_hops", default: 0, in: 0...16)
            let c = try r.section("challenge")
            challenge.enabled = try c.bool("enabled", default: challenge.enabled)
            challenge.ttlSeconds = try c.int("ttl_seconds", default: challenge.ttlSeconds, in: 10...3600)
            challenge.requireSameIP = try c.bool("require_same_ip", default: challenge.requireSameIP)
            challenge.maxSignInAgeSeconds = try c.int(
                "max_sign_in_age_seconds", default: challenge.maxSignInAgeSeconds, in: 10...86400)
            if let users = try r.mappings("dev_users") {
                devUsers = []
                for user in users {
                    let email = try user.string("email", default: "")
                    guard !email.isEmpty else {
                        throw .invalidValue(key: user.keyPath("email"), expected: "a non-empty email address", found: "nothing")
                    }
                    devUsers.append(DevUser(email: email, groups: try user.strings("groups")))
                }
            }
        }
    }

    /// Which groups hold administrative rights, and group normalisation (`groups:`).
    public struct Groups: Sendable {
        public var canAdmin: [String] = []
        public var canAdminPolicies: [String] = []
        public var canEditConfig: [String] = []
        public var canCreateRoles: [String] = []
        /// Who deletes roles and users: `can_delete_iam_principals` and ConsoleMe's legacy
        /// `can_delete_roles`, merged.
        public var canDeleteIAMPrincipals: [String] = []
        public var groupsToAddForAllUsers: [String] = []
        /// User or group → groups added to whoever is that user or in that group
        /// (`static_groups: {alice@example.com: [oncall], engineering@example.com: [builders]}`).
        /// Keys are matched against the user and the groups from token claims and Google
        /// Directory; the groups added here do not expand further.
        public var staticGroups: [String: [String]] = [:]
        public var forceGroupsLowercase = true

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            canAdmin = try r.strings("can_admin")
            canAdminPolicies = try r.strings("can_admin_policies")
            canEditConfig = try r.strings("can_edit_config")
            canCreateRoles = try r.strings("can_create_roles")
            canDeleteIAMPrincipals = try r.strings("can_delete_iam_principals") + r.strings("can_delete_roles")
            groupsToAddForAllUsers = try r.strings("groups_to_add_for_all_users")
            let mapping = try r.section("static_groups")
            for member in try r.entries("static_groups") {
                staticGroups[member] = try mapping.strings(member)
            }
            forceGroupsLowercase = try r.bool("force_groups_lowercase", default: true)
        }
    }

    /// Google Directory group lookup through a service account (`google:`).
    public struct Google: Sendable {
        public var enabled = false
        public var serviceKeyFile: String?
        public var credentialSubject: String?
        public var tokenURL = "https://oauth2.googleapis.com/token"
        public var directoryURL = "https://admin.googleapis.com/admin/directory/v1"
        public var cacheTTLSeconds = 600

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            enabled = try r.bool("enabled", default: false)
            serviceKeyFile = try r.optionalString("service_key_file")
            credentialSubject = try r.optionalString("credential_subject")
            tokenURL = try r.string("token_url", default: tokenURL)
            directoryURL = try r.string("directory_url", default: directoryURL)
            cacheTTLSeconds = try r.int("cache_ttl_seconds", default: cacheTTLSeconds, in: 0...86400)
        }
    }

    /// Log output of every process (`logging:`).
    public struct Logging: Sendable {
        public enum Format: String, Sendable, CaseIterable { case text, json }
        public enum Level: String, Sendable, CaseIterable { case trace, debug, info, notice, warning, error, critical }
        public var format: Format = .text
        public var level: Level = .info

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            format = try r.choice("format", default: .text)
            level = try r.choice("level", default: .info)
        }
    }

    /// Where each process serves Prometheus metrics (`metrics:`), each on its own address, the
    /// gateway too: its public port answers `/metrics` only to `bearer_token` when one is set.
    public struct Metrics: Sendable {
        public var gateway: HostPort? = HostPort(host: "127.0.0.1", port: 9100)
        public var auth: HostPort? = HostPort(host: "127.0.0.1", port: 9101)
        public var credentials: HostPort? = HostPort(host: "127.0.0.1", port: 9102)
        public var cache: HostPort? = HostPort(host: "127.0.0.1", port: 9103)
        public var requests: HostPort? = HostPort(host: "127.0.0.1", port: 9104)
        /// When set, the gateway's public port also serves `/metrics`, to `Authorization: Bearer`
        /// with this token only (`PORTICO_METRICS_TOKEN`); unset, `/metrics` there is 404.
        public var bearerToken: Secret?

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            let listen = try r.section("listen")
            gateway = try listen.optionalAddress("gateway") ?? gateway
            auth = try listen.optionalAddress("auth") ?? auth
            credentials = try listen.optionalAddress("credentials") ?? credentials
            cache = try listen.optionalAddress("cache") ?? cache
            requests = try listen.optionalAddress("requests") ?? requests
            bearerToken = try r.secret("bearer_token")
        }
    }
}
