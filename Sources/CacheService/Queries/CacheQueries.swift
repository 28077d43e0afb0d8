public import PorticoCore
public import PorticoRedis
public import Logging

/// The cache's read and refresh operations as a Swift API: what the RPC service serves, and
/// what in-process callers and tests use.
public struct CacheQueries: Sendable {
    public let redis: RedisClient
    public let settings: CacheSettings
    let queue: JobQueue
    /// The policies table's in-memory index (one per replica).
    let inventory: InventoryIndex

    public init(redis: RedisClient, settings: CacheSettings, logger: Logger) {
        self.redis = redis
        self.settings = settings
        self.queue = JobQueue(redis: redis, settings: settings, logger: logger)
        self.inventory = InventoryIndex(redis: redis, settings: settings, visibility: settings.visibility)
    }

    /// A page of the policies table.
    public func table(_ query: InventoryTable.Query) async throws -> InventoryTable.Page {
        try await InventoryTable(index: inventory).page(query)
    }

    /// One item with its account name, when it was read and who may get credentials for it;
    /// nil when not cached, or a role hidden from a `restricted` caller.
    public func detail(arn: String, restricted: Bool) async throws -> ItemDetail? {
        try await ItemDetail.read(arn: arn, restricted: restricted, reader: reader, visibility: settings.visibility)
    }

    var reader: InventoryReader { InventoryReader(redis: redis, settings: settings) }

    /// The cached role `arn`.
    /// - Throws: `CacheError.invalidArgument` for an ARN that is not a role's.
    public func role(arn: String) async throws -> InventoryItem? {
        guard let parsed = ARN(arn), parsed.service == "iam", parsed.resource.hasPrefix("role/") else {
            throw CacheError.invalidArgument("'\(arn.prefix(80))' is not an IAM role ARN")
        }
        return try await reader.item(arn: arn)
    }

    /// Any cached item by ARN.
    public func resource(arn: String) async throws -> InventoryItem? {
        try await reader.item(arn: arn)
    }

    /// A page of items matching `query`.
    public func list(_ query: ResourceQuery) async throws -> ResourcePage {
        try await ResourceListing(reader: reader).list(query)
    }

    /// Items whose name starts with `prefix` (roles unless `types` says otherwise).
    public func typeahead(
        prefix: String, types: [InventoryType] = [], accounts: [String] = [], limit: Int = 20
    ) async throws -> [TypeaheadSuggestion] {
        try await Typeahead(reader: reader).suggest(prefix: prefix, types: types, accounts: accounts, limit: limit).map {
            TypeaheadSuggestion(arn: $0.arn, name: $0.name, type: $0.type, accountID: $0.account)
        }
    }

    /// A page of accounts after `after` (an account id; nil for the first page).
    public func accounts(after: String? = nil, limit: Int = 100) async throws -> (accounts: [CachedAccount], next: String?) {
        guard (1...1000).contains(limit) else { throw CacheError.invalidArgument("limit must be 1 to 1000") }
        if let after, !AccountID.isValid(after) { throw CacheError.invalidArgument("the cursor is not an account id") }
        return try await reader.accounts(after: after, limit: limit)
    }

    /// The roles `user` may use, directly or through `groups`.
    public func eligibleRoles(user: String, groups: [String]) async throws -> [EligibleRole] {
        try await EligibleRoleLookup(redis: redis, settings: settings).eligibleRoles(user: user, groups: groups)
    }

    /// Sweep status of every scope of the accounts (every account when empty).
    public func status(accounts: [String] = []) async throws -> [SweepScope: SweepStatus] {
        try await reader.status(accounts: accounts)
    }

    // MARK: Refresh

    /// What to sweep now.
    public enum RefreshTarget: Sendable, Hashable {
        case all
        case account(String)
        /// The role's account is swept for IAM (one `GetAccountAuthorizationDetails` pass).
        case role(String)
    }

    /// Whether the account list has been read (from its source or a backup) since the cache
    /// was last emptied; until then "every account" means nothing yet.
    public func hasAccountList() async throws -> Bool {
        try await AccountDirectory(redis: redis, keys: settings.keys).refreshedAt() != nil
    }

    /// Waits until the account list has been read, or `timeout` passes; returns whether it has.
    public func waitForAccountList(timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if try await hasAccountList() { return true }
            if ContinuousClock.now >= deadline { return false }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Enqueues sweeps of `target` now and returns their jobs (follow them with `progress`).
    /// - Throws: `CacheError.unavailable` for `.all` before the account list has been read.
    public func refresh(_ target: RefreshTarget) async throws -> [SweepJob] {
        let scopes: [SweepScope]
        switch target {
        case .all:
            guard try await hasAccountList() else {
                throw CacheError.unavailable("the cache has not read the account list yet; try again shortly")
            }
            scopes = try await reader.accountIDs().flatMap(settings.scopes(of:))
        case .account(let id):
            guard AccountID.isValid(id) else { throw CacheError.invalidArgument("'\(id.prefix(40))' is not a 12-digit account id") }
            scopes = settings.scopes(of: id)
        case .role(let arn):
            guard let parsed = ARN(arn), parsed.service == "iam", parsed.resource.hasPrefix("role/"),
                  AccountID.isValid(parsed.account)
            else { throw CacheError.invalidArgument("'\(arn.prefix(80))' is not an IAM role ARN") }
            scopes = [SweepScope(account: parsed.account, kind: .iam)]
        }
        var jobs: [SweepJob] = []
        for scope in scopes { jobs.append(try await queue.enqueue(scope, reason: .refresh)) }
        return jobs
    }

    /// Where each job stands (nil where no record exists: unknown or expired).
    public func progress(jobIDs: [String]) async throws -> [String: JobProgress] {
        guard jobIDs.count <= 10_000 else { throw CacheError.invalidArgument("at most 10000 jobs per call") }
        var result: [String: JobProgress] = [:]
        for id in jobIDs {
            guard id.utf8.count <= 64, !id.contains(":") else { throw CacheError.invalidArgument("'\(id.prefix(64))' is not a job id") }
            if let progress = try await queue.progress(id) { result[id] = progress }
        }
        return result
    }

    /// Waits until every job is done or failed, or `timeout` passes; returns where they stand.
    public func waitUntilFinished(jobIDs: [String], timeout: Duration) async throws -> [String: JobProgress] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let progress = try await self.progress(jobIDs: jobIDs)
            let finished = jobIDs.allSatisfy { id in
                progress[id].map { $0.state == .done || $0.state == .failed } ?? false
            }
            if finished || ContinuousClock.now >= deadline { return progress }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}

/// One typeahead suggestion.
public struct TypeaheadSuggestion: Sendable, Hashable {
    public var arn: String
    public var name: String
    public var type: InventoryType
    public var accountID: String
}
