import Logging
import PorticoCore
import Proto

/// The roles a signed-in person may use, from the cache (`Cache.EligibleRoles`) with account
/// names (`Cache.ListAccounts`, completed by the configuration's `accounts`): each person's
/// listing is kept for `gateway.eligible_roles_cache_seconds` per user and merged groups, the
/// cache's account names for `gateway.account_names_cache_seconds` (read again sooner when a
/// listed role's account has no name yet); concurrent first requests share one call.
///
/// A name from `accounts` is known from the start: before the cache's first sweep (when it lists
/// no account, or an account by its id) the configured name is shown, never the id.
struct EligibleRoleDirectory: Sendable {
    /// Whose roles: the user and their merged groups (the cache key).
    struct Key: Hashable, Sendable {
        let user: String
        let groups: [String]
    }

    /// The one entry of the account-name cache.
    private enum AccountTable: Hashable, Sendable { case all }

    /// The largest ListAccounts page asked for, and the most pages read (a million accounts).
    static let accountPageSize: UInt32 = 1000
    static let maxAccountPages = 1000

    private let listings: ExpiringCache<Key, RoleListing>
    private let loadListing: @Sendable (Key) async throws -> RoleListing
    private let knownAccountNames: @Sendable () -> [String: String]

    init(
        client: CacheClient, rolesTTL: Duration, accountNamesTTL: Duration, timeout: Duration, metrics: BackendMetrics,
        configuredAccountNames: [String: String] = [:], clock: CacheClock = .continuous
    ) {
        let configured = configuredAccountNames.filter { id, name in !name.isEmpty && name != id }
        let accounts = ExpiringCache<AccountTable, [String: String]>(
            ttl: accountNamesTTL, capacity: 1, clock: clock, onLookup: { metrics.cacheLookup(.accountNames, $0) })
        listings = ExpiringCache(ttl: rolesTTL, clock: clock, onLookup: { metrics.cacheLookup(.eligibleRoles, $0) })
        knownAccountNames = { (accounts.cachedValue(for: .all) ?? [:]).merging(configured) { cached, _ in cached } }
        loadListing = { key in
            async let names = accounts.value(for: .all) { _ in try await Self.accountNames(client: client, timeout: timeout) }
            let roles = try await Self.eligibleRoles(key, client: client, timeout: timeout)
            // The cache's names win (they may come from AWS Organizations); the configured ones
            // fill what it does not name yet.
            let known = try await names.merging(configured) { cached, _ in cached }
            // Names read before the cache had swept an account lack it: read them again next
            // time instead of showing its id for the whole account-name TTL.
            if roles.contains(where: { known[RoleListing.parts(of: $0.arn).account] == nil }) {
                accounts.forget(.all)
            }
            return RoleListing(roles: roles, accountNames: known)
        }
    }

    /// The caller's eligible roles, ready to send.
    /// - Throws: `APIError` as `APIError.backendFailure` says for the cache.
    func listing(for caller: CallerAuthorization, logger: Logger) async throws(APIError) -> RoleListing {
        do {
            return try await listings.value(for: Key(user: caller.user, groups: caller.groups), load: loadListing)
        } catch {
            throw .backendFailure(error, from: .cache, logger: logger)
        }
    }

    /// Every account's id → name as far as this gateway has read them (the cache's names of the
    /// last role listing, completed by the configuration's), without asking the cache.
    func knownAccounts() -> [String: String] { knownAccountNames() }

    private static func eligibleRoles(_ key: Key, client: CacheClient, timeout: Duration) async throws -> [RoleListing.Role] {
        let response = try await client.eligibleRoles(
            CacheEligibleRolesRequest(principal: Principal(user: key.user, groups: key.groups)), options: CallOptions(timeout: timeout))
        return response.roles.map { RoleListing.Role(arn: $0.arn, cliOnly: $0.cliOnly) }
    }

    /// Every account's id and name.
    private static func accountNames(client: CacheClient, timeout: Duration) async throws -> [String: String] {
        let accounts = try await client.allAccounts(
            pageSize: accountPageSize, maxPages: maxAccountPages, options: CallOptions(timeout: timeout))
        var names: [String: String] = [:]
        // The cache names an account it knows no name for by its id: that is no name.
        for account in accounts where !account.name.isEmpty && account.name != account.id { names[account.id] = account.name }
        return names
    }
}
