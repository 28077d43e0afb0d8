public import PorticoCore

extension PorticoConfiguration {
    /// How Portico reaches AWS and shapes the credentials it hands out (`aws:`).
    public struct AWS: Sendable {
        /// One override for every AWS API (moto in development and tests).
        public var endpointURL: String?
        public var sessionDuration = 3600
        /// CIDRs (IPv4 and IPv6) outside which issued credentials are denied.
        public var ipRestrictions: [CIDRBlock] = []
        public var ipRestrictionsOnRequesterIP = false
        public var federationURL = "https://signin.aws.amazon.com/federation"
        public var consoleURL = "https://{region}.console.aws.amazon.com"
        public var issuer = "Portico"
        /// Groups whose members may ask for credentials without the IP restriction
        /// (`no_ip_restrictions`); nobody by default.
        public var noIPRestrictionsGroups: [String] = []
        /// Where every credential issuance and refusal is recorded (`aws.audit:`).
        public var audit = CredentialAudit()

        /// The Redis stream of credential audit events and how long it may grow.
        public struct CredentialAudit: Sendable {
            public var stream = "portico:audit:credentials"
            /// The stream is trimmed to about this many events (`XADD … MAXLEN ~`).
            public var maxLength = 100_000

            public init() {}

            init(reading r: ConfigReader) throws(ConfigError) {
                stream = try r.string("stream", default: stream)
                maxLength = try r.int("max_length", default: maxLength, in: 100...100_000_000)
            }
        }

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            endpointURL = try r.optionalString("endpoint_url")
            sessionDuration = try r.int("session_duration", default: sessionDuration, in: 900...43200)
            for (index, text) in try r.strings("ip_restrictions").enumerated() {
                guard let block = CIDRBlock(text) else {
                    throw .invalidValue(
                        key: r.keyPath("ip_restrictions") + "[\(index)]",
                        expected: "a CIDR block such as 10.0.0.0/8 or 2001:db8::/32", found: "'\(text)'")
                }
                ipRestrictions.append(block)
            }
            ipRestrictionsOnRequesterIP = try r.bool("ip_restrictions_on_requester_ip", default: false)
            federationURL = try r.string("federation_url", default: federationURL)
            consoleURL = try r.string("console_url", default: consoleURL)
            issuer = try r.string("issuer", default: issuer)
            noIPRestrictionsGroups = try r.strings("no_ip_restrictions_groups")
            audit = try CredentialAudit(reading: r.section("audit"))
        }
    }

    /// The spoke role assumed in every account, and how policy requests are reviewed and
    /// applied (`policies:`).
    public struct Policies: Sendable {
        public var roleName = "PorticoSpoke"
        /// Whether an admin's `admin_auto_approve` is honoured for their own request (off: nobody
        /// approves or applies their own request).
        public var allowAdminSelfApproval = false
        /// Whether changes may carry `expires_at` (temporary grants).
        public var tempPolicySupport = true
        /// The shortest temporary grant, in seconds from now (tests set 0).
        public var minExpirySeconds = 900
        /// How often the expiry worker removes ended grants.
        public var expiryWorkerIntervalSeconds = 60
        /// The largest request body accepted, in bytes.
        public var maxRequestBytes = 131_072
        /// Account id → groups whose members review (approve, reject, apply) changes in that
        /// account, besides `can_admin_policies` (`reviewers_by_account`).
        public var reviewersByAccount: [String: [String]] = [:]
        /// Rules under which Portico approves and applies a request itself (`auto_approve.rules`);
        /// the dynamic configuration's `auto_approve.rules` replace these by name.
        public var autoApprove: [AutoApproveRuleSetting] = []

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            roleName = try r.string("role_name", default: roleName)
            allowAdminSelfApproval = try r.bool("allow_admin_self_approval", default: allowAdminSelfApproval)
            tempPolicySupport = try r.bool("temp_policy_support", default: tempPolicySupport)
            minExpirySeconds = try r.int("min_expiry_seconds", default: minExpirySeconds, in: 0...31_536_000)
            expiryWorkerIntervalSeconds = try r.int(
                "expiry_worker_interval_seconds", default: expiryWorkerIntervalSeconds, in: 1...86_400)
            maxRequestBytes = try r.int("max_request_bytes", default: maxRequestBytes, in: 1024...10_485_760)
            let reviewers = try r.section("reviewers_by_account")
            for account in try r.entries("reviewers_by_account") {
                guard account.utf8.count == 12, account.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
                    throw .invalidValue(
                        key: r.keyPath("reviewers_by_account") + ".\(account)", expected: "a 12-digit account id", found: "'\(account)'")
                }
                reviewersByAccount[account] = try reviewers.strings(account)
            }
            if let rules = r.raw("auto_approve") {
                do throws(SelfServiceSettingProblem) {
                    autoApprove = try SelfServiceSettings.autoApproveRules(rules, path: r.keyPath("auto_approve"))
                } catch {
                    throw .invalidValue(key: error.path, expected: error.expected, found: error.found)
                }
            }
        }
    }

    /// Account discovery through AWS Organizations (`organizations:`).
    public struct Organizations: Sendable {
        public var enabled = false
        /// Management accounts whose ListAccounts is read.
        public var managementAccounts: [String] = []

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            enabled = try r.bool("enabled", default: false)
            managementAccounts = try r.strings("management_accounts")
        }
    }

    /// What the cache sweeps and how often (`cache:`), intervals in seconds. `accounts` is how
    /// often the account list is read again (from Organizations, or the file).
    public struct Cache: Sendable {
        public var regions = ["us-east-1"]
        public var intervals: [String: Int] = [
            "iam": 2700, "s3": 2700, "sqs": 2700, "sns": 2700, "config": 3600, "accounts": 3600,
        ]
        /// AWS Config resource types swept per account (`AWS::EC2::Instance`, …); empty: none.
        public var configResourceTypes: [String] = []
        /// Sweep jobs one process runs at once.
        public var workers = 4
        /// AWS calls one sweep job makes at once.
        public var awsConcurrency = 8
        /// Seconds a job may go without a heartbeat before another worker reclaims it.
        public var jobVisibilityTimeout = 60
        /// Seconds the scheduler lease lasts unless renewed (renewed every third of it).
        public var schedulerLease = 15
        /// Seconds between the scheduler's passes over the accounts.
        public var schedulerTick = 5
        /// Attempts of a failing job before it waits for the next interval.
        public var maxAttempts = 5
        /// Seconds before the first retry of a failed job; doubled for each further one.
        public var retryDelay = 10
        /// Seconds a replaced generation stays readable before it is deleted.
        public var generationGrace = 120
        /// Prefix of every Redis key the cache writes.
        public var keyPrefix = "portico:cache:"
        /// IAM change events (`cache.events:`, Sections+CacheEvents).
        public var events = CacheEvents()

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            regions = try r.strings("regions", default: regions)
            let section = try r.section("intervals")
            for kind in intervals.keys.sorted() {
                intervals[kind] = try section.int(kind, default: intervals[kind] ?? 3600, in: 1...604_800)
            }
            configResourceTypes = try r.strings("config_resource_types", default: configResourceTypes)
            workers = try r.int("workers", default: workers, in: 1...64)
            awsConcurrency = try r.int("aws_concurrency", default: awsConcurrency, in: 1...64)
            jobVisibilityTimeout = try r.int("job_visibility_timeout", default: jobVisibilityTimeout, in: 1...3600)
            schedulerLease = try r.int("scheduler_lease", default: schedulerLease, in: 1...600)
            schedulerTick = try r.int("scheduler_tick", default: schedulerTick, in: 1...600)
            maxAttempts = try r.int("max_attempts", default: maxAttempts, in: 1...50)
            retryDelay = try r.int("retry_delay", default: retryDelay, in: 1...3600)
            generationGrace = try r.int("generation_grace", default: generationGrace, in: 1...86_400)
            keyPrefix = try r.string("key_prefix", default: keyPrefix)
            events = try CacheEvents(reading: r.section("events"))
        }
    }

    /// Role tags naming who may use a role (`cloud_credential_authorization_mapping:`).
    public struct CredentialAuthorizationMapping: Sendable {
        public var authorizedGroupsTags = ["consoleme-authorized"]
        public var authorizedGroupsCLIOnlyTags = ["consoleme-authorized-cli-only"]

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            let tags = try r.section("role_tags")
            authorizedGroupsTags = try tags.strings("authorized_groups_tags", default: authorizedGroupsTags)
            authorizedGroupsCLIOnlyTags = try tags.strings(
                "authorized_groups_cli_only_tags", default: authorizedGroupsCLIOnlyTags)
        }
    }

    /// Configuration administrators edit at run time; the file gives its starting point.
    public struct DynamicConfig: Sendable {
        /// Group (or user) → roles it may use, from the console and CLI or the CLI only.
        public var groupMapping: [String: RoleGrant] = [:]

        /// The roles one group is granted.
        public struct RoleGrant: Sendable, Equatable {
            public var roles: [String] = []
            public var cliOnlyRoles: [String] = []

            public init(roles: [String] = [], cliOnlyRoles: [String] = []) {
                self.roles = roles
                self.cliOnlyRoles = cliOnlyRoles
            }
        }

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            let mapping = try r.section("group_mapping")
            for group in try r.entries("group_mapping") {
                let grant = try mapping.section(group)
                groupMapping[group] = RoleGrant(
                    roles: try grant.strings("roles"), cliOnlyRoles: try grant.strings("cli_only_roles"))
            }
        }
    }
}
