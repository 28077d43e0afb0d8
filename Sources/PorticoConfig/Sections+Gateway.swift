extension PorticoConfiguration {
    /// How the gateway keeps backend answers in memory (`gateway:`). Each cache lives in one
    /// gateway process; a change in AuthService, the cache or the accounts shows within its TTL.
    /// A TTL of 0 turns that cache off (every request asks the backend).
    public struct Gateway: Sendable {
        /// Seconds a user's merged groups and rights (AuthService `Authorize`) are reused, per
        /// user and token groups.
        public var authorizationCacheSeconds = 30
        /// Seconds a user's eligible roles (cache `EligibleRoles`) are reused, per user and
        /// merged groups.
        public var eligibleRolesCacheSeconds = 10
        /// Seconds the account id → name table (cache `ListAccounts`) is reused.
        public var accountNamesCacheSeconds = 60

        /// How many CLI login challenges one client address may open per challenge TTL.
        public var maxChallengesPerAddress = 30
        /// Seconds a failed ALB key fetch is remembered before the key is asked for again.
        public var albKeyFailureRetentionSeconds = 5
        /// Seconds of clock skew tolerated on an ALB token's `exp`.
        public var albExpiryLeewaySeconds = 30
        /// Seconds one call to AuthService, the credential service or the cache may take.
        public var backendCallTimeoutSeconds = 30

        /// The longest TTL accepted for any of the gateway's caches.
        public static let maximumCacheSeconds = 3600

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            let range = 0...Self.maximumCacheSeconds
            authorizationCacheSeconds = try r.int(
                "authorization_cache_seconds", default: authorizationCacheSeconds, in: range)
            eligibleRolesCacheSeconds = try r.int(
                "eligible_roles_cache_seconds", default: eligibleRolesCacheSeconds, in: range)
            accountNamesCacheSeconds = try r.int("account_names_cache_seconds", default: accountNamesCacheSeconds, in: range)
            maxChallengesPerAddress = try r.int("max_challenges_per_address", default: maxChallengesPerAddress, in: 1...100_000)
            albKeyFailureRetentionSeconds = try r.int(
                "alb_key_failure_retention_seconds", default: albKeyFailureRetentionSeconds, in: 0...3600)
            albExpiryLeewaySeconds = try r.int("alb_expiry_leeway_seconds", default: albExpiryLeewaySeconds, in: 0...300)
            backendCallTimeoutSeconds = try r.int("backend_call_timeout_seconds", default: backendCallTimeoutSeconds, in: 1...300)
        }
    }
}
