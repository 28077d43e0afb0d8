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
        }
    }
}
