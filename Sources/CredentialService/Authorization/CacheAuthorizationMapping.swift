public import Logging
public import PorticoCore
public import Proto
import Synchronization

/// The credential authorization mapping as the inventory cache serves it over RPC
/// (`services.cache`): the roles a person may use (`Cache/EligibleRoles`, built by the cache from
/// role tags and `dynamic_config.group_mapping`), each role's maximum session (`Cache/GetRole`)
/// and the accounts' names (`Cache/ListAccounts`, from the configuration or AWS Organizations).
///
/// Eligible roles are asked for on every request, so a changed tag or mapping counts as soon as
/// the cache has it; when the cache cannot answer, the broker fails the request (and puts that on
/// record) rather than guess. Maximum sessions and account names change rarely and are remembered
/// for a short while; account names fall back to the configuration's `accounts`.
public final class CacheAuthorizationMapping: EligibleRoleSource {
    /// How the mapping calls the cache and how long it remembers what changes rarely.
    public struct Configuration: Sendable {
        /// How long one call to the cache may take.
        public var callTimeout: Duration
        /// How long a role's maximum session duration is remembered.
        public var roleMaximumLifetime: Duration
        /// The most role maximums remembered at once.
        public var maxRememberedRoles: Int
        /// How long the accounts' names are remembered.
        public var accountNamesLifetime: Duration
        /// After a failed refresh of the names, how long the last ones are used before asking again.
        public var accountNamesRetryDelay: Duration
        /// The configuration's `accounts`: names for accounts the cache does not name, and the
        /// names used while the cache has not answered.
        public var configuredAccountNames: [String: String]

        public init(
            callTimeout: Duration = .seconds(5), roleMaximumLifetime: Duration = .seconds(300), maxRememberedRoles: Int = 10_000,
            accountNamesLifetime: Duration = .seconds(60), accountNamesRetryDelay: Duration = .seconds(5),
            configuredAccountNames: [String: String] = [:]
        ) {
            self.callTimeout = callTimeout
            self.roleMaximumLifetime = roleMaximumLifetime
            self.maxRememberedRoles = maxRememberedRoles
            self.accountNamesLifetime = accountNamesLifetime
            self.accountNamesRetryDelay = accountNamesRetryDelay
            self.configuredAccountNames = configuredAccountNames
        }

        public static var defaults: Configuration { Configuration() }
    }

    /// The most accounts read from the cache (`ListAccounts` pages of 1000).
    static let maxAccountPages = 100
    /// The role attribute holding `MaxSessionDuration` in seconds.
    static let maxSessionDurationAttribute = "maxSessionDuration"

    /// The client of the cache's replicas; the caller runs its `RPCClient` (a lifecycle service).
    public let cache: CacheClient
    public let configuration: Configuration
    private let logger: Logger
    private let roleMaximums: ExpiringCache<String, Int>
    private let accounts: AccountNames

    public init(cache: CacheClient, configuration: Configuration = .defaults, logger: Logger) {
        self.cache = cache
        self.configuration = configuration
        self.logger = logger
        self.roleMaximums = ExpiringCache(
            ttl: configuration.roleMaximumLifetime, capacity: configuration.maxRememberedRoles, whenFull: .all)
        self.accounts = AccountNames()
    }

    private var callOptions: CallOptions { CallOptions(timeout: configuration.callTimeout) }

    // MARK: EligibleRoleSource

    /// - Throws: `CredentialBrokerError.invalidRequest` when the cache refuses the principal
    ///   (too many groups, a name it cannot take); the cache's `RPCError` when it cannot answer.
    public func eligibleRoles(user: String, groups: [String]) async throws -> [EligibleRole] {
        let request = CacheEligibleRolesRequest(principal: Proto.Principal(user: user, groups: groups))
        do {
            let response = try await cache.eligibleRoles(request, options: callOptions)
            return response.roles.map { EligibleRole(arn: $0.arn, cliOnly: $0.cliOnly) }
        } catch let error as RPCError where error.code == .invalidArgument {
            throw CredentialBrokerError.invalidRequest(error.message)
        }
    }

    /// Nil when the cache does not hold the role (or holds no maximum for it).
    public func maxSessionDuration(roleARN: String) async throws -> Int? {
        if let known = roleMaximums.cachedValue(for: roleARN) { return known }
        let role: CacheItem?
        do {
            role = try await cache.getRole(CacheGetRoleRequest(arn: roleARN), options: callOptions).role
        } catch let error as RPCError where error.code == .notFound {
            return nil
        }
        guard let text = role?.attributes[Self.maxSessionDurationAttribute], let seconds = Int(text), seconds > 0 else {
            return nil
        }
        roleMaximums.store(seconds, for: roleARN)
        return seconds
    }

    /// The cache's names (remembered for `accountNamesLifetime`), completed by the configured
    /// ones. While the cache cannot be asked: the last names it gave, else the configured ones.
    public func accountNames() async -> [String: String] {
        let fetch = accounts.current(now: .now) ?? accounts.refresh { await self.fetchAccountNames() }
        let named: [String: String]
        switch fetch {
        case .known(let names): named = names
        case .fetching(let task): named = await task.value.get()
        }
        return named.merging(configuration.configuredAccountNames) { cached, _ in cached }
    }

    /// Reads every page of `ListAccounts` and remembers the names; on failure keeps the last
    /// names for `accountNamesRetryDelay`.
    private func fetchAccountNames() async -> [String: String] {
        var names: [String: String] = [:]
        do {
            let accounts = try await cache.allAccounts(maxPages: Self.maxAccountPages, options: callOptions)
            for account in accounts where !account.name.isEmpty && account.name != account.id {
                names[account.id] = account.name
            }
        } catch {
            logger.warning("Account names could not be read from the cache; using the last known or configured names", metadata: [
                "error": "\(error)",
            ])
            return accounts.finish(nil, lifetime: configuration.accountNamesRetryDelay, now: .now)
        }
        return accounts.finish(names, lifetime: configuration.accountNamesLifetime, now: .now)
    }
}

extension CacheAuthorizationMapping {
    /// The accounts' names as last read, when they go stale, and the one read in flight (so
    /// concurrent requests share it).
    final class AccountNames: Sendable {
        enum Lookup {
            case known([String: String])
            case fetching(SingleFlight<Read, [String: String], Never>.Flight)
        }

        /// The one read there is.
        enum Read: Hashable, Sendable { case all }

        private struct State {
            var names: [String: String] = [:]
            var staleAt: ContinuousClock.Instant?
        }

        private let state = Mutex(State())
        private let reads = SingleFlight<Read, [String: String], Never>()

        /// The names while they are fresh.
        func current(now: ContinuousClock.Instant) -> Lookup? {
            state.withLock { state in
                guard let staleAt = state.staleAt, now < staleAt else { return nil }
                return .known(state.names)
            }
        }

        /// Starts `read` unless a read is already in flight, and returns the one to wait for.
        func refresh(_ read: @escaping @Sendable () async -> [String: String]) -> Lookup {
            .fetching(reads.flight(for: .all, work: read).flight)
        }

        /// Ends the read in flight: stores `names` (nil: the read failed, the last names stay)
        /// until `lifetime` from `now`, and returns the names to use.
        func finish(_ names: [String: String]?, lifetime: Duration, now: ContinuousClock.Instant) -> [String: String] {
            state.withLock { state in
                if let names { state.names = names }
                state.staleAt = now + lifetime
                return state.names
            }
        }
    }
}
