import Logging
public import Proto
import PorticoRedis
import PorticoAWS
import PorticoCore

/// The `Cache` service of `cache.proto` over `CacheQueries`: registers one handler per method on
/// an `RPCRouter`. Storage failures answer UNAVAILABLE (the call may be retried on another
/// replica); bad input answers INVALID_ARGUMENT naming what was wrong.
public struct CacheRPCService: Sendable {
    public let queries: CacheQueries
    /// RefreshItem's reader and writer; nil where the process has no AWS access (the method
    /// then answers UNAVAILABLE).
    public let itemRefresh: ItemRefresh?
    /// The denied calls counted from the events queue; nil answers every role with none.
    public let deniedCalls: DeniedCalls?

    /// The longest a Refresh or RefreshStatus call waits for its jobs.
    public static let maxWait: Duration = .seconds(300)
    /// The most items one ListResources page holds, and about the most bytes of items.
    public static let maxPageItems = 100
    public static let maxPageBytes = 3 * 1024 * 1024

    /// The longest a RefreshItem call waits for AWS.
    public static let maxItemWait: Duration = .seconds(60)

    public init(queries: CacheQueries, itemRefresh: ItemRefresh? = nil, deniedCalls: DeniedCalls? = nil) {
        self.queries = queries
        self.itemRefresh = itemRefresh
        self.deniedCalls = deniedCalls
    }

    /// Registers every method of `CacheMethods`.
    public func register(into router: inout RPCRouter) {
        let queries = queries
        router.register(CacheMethods.getRole) { request, _ in
            try await Self.answering {
                guard let role = try await queries.role(arn: request.arn) else { throw CacheError.notFound("role \(request.arn)") }
                return CacheGetRoleResponse(role: CacheItem(role))
            }
        }
        router.register(CacheMethods.getResource) { request, _ in
            try await Self.answering {
                guard let item = try await queries.resource(arn: request.arn) else {
                    throw CacheError.notFound("resource \(request.arn.prefix(200))")
                }
                return CacheGetResourceResponse(resource: CacheItem(item))
            }
        }
        router.register(CacheMethods.listResources) { request, _ in
            try await Self.answering {
                let limit = Int(request.page?.limit ?? 0)
                guard limit <= Self.maxPageItems else {
                    throw CacheError.invalidArgument("page.limit must be at most \(Self.maxPageItems)")
                }
                let page = try await queries.list(ResourceQuery(
                    accounts: request.accountIDs, types: request.types.map(InventoryType.init(rawValue:)),
                    nameContains: request.nameContains.isEmpty ? nil : request.nameContains,
                    tagKey: request.tagKey.isEmpty ? nil : request.tagKey, tagValue: request.tagKey.isEmpty ? nil : request.tagValue,
                    cursor: request.page?.cursor, limit: limit == 0 ? 50 : limit, maxBytes: Self.maxPageBytes))
                return CacheListResourcesResponse(
                    items: page.items.map(CacheItem.init), page: PageInfo(nextCursor: page.nextCursor ?? ""))
            }
        }
        router.register(CacheMethods.typeahead) { request, _ in
            try await Self.answering {
                let suggestions = try await queries.typeahead(
                    prefix: request.prefix, types: request.types.map(InventoryType.init(rawValue:)), accounts: request.accountIDs,
                    limit: request.limit == 0 ? 20 : Int(request.limit))
                return CacheTypeaheadResponse(suggestions: suggestions.map {
                    CacheSuggestion(arn: $0.arn, name: $0.name, type: $0.type.rawValue, accountID: $0.accountID)
                })
            }
        }
        router.register(CacheMethods.listAccounts) { request, _ in
            try await Self.answering {
                let cursor = request.page?.cursor ?? ""
                let limit = Int(request.page?.limit ?? 0)
                let page = try await queries.accounts(after: cursor.isEmpty ? nil : cursor, limit: limit == 0 ? 100 : limit)
                return CacheListAccountsResponse(
                    accounts: page.accounts.map { CacheAccount(id: $0.id, name: $0.name, source: $0.source, status: $0.status) },
                    page: PageInfo(nextCursor: page.next ?? ""))
            }
        }
        router.register(CacheMethods.eligibleRoles) { request, _ in
            try await Self.answering {
                guard let principal = request.principal, !principal.user.isEmpty || !principal.groups.isEmpty else {
                    throw CacheError.invalidArgument("principal needs a user or groups")
                }
                let roles = try await queries.eligibleRoles(user: principal.user, groups: principal.groups)
                return CacheEligibleRolesResponse(roles: roles.map { CacheEligibleRole(arn: $0.arn, cliOnly: $0.cliOnly) })
            }
        }
        router.register(CacheMethods.refresh) { request, context in
            try await Self.answering {
                let target: CacheQueries.RefreshTarget
                switch request.scope {
                case .all: target = .all
                case .account: target = .account(request.target)
                case .role: target = .role(request.target)
                case .unspecified, .unrecognized: throw CacheError.invalidArgument("scope must be ALL, ACCOUNT or ROLE")
                }
                // Right after start the account list may not be read yet: a caller who waits
                // waits for it too, rather than being told that no jobs are all finished.
                if target == .all, request.waitSeconds > 0 {
                    _ = try await queries.waitForAccountList(timeout: Self.waitBudget(request.waitSeconds, context: context))
                }
                let jobs = try await queries.refresh(target)
                let (states, finished) = try await Self.settle(
                    jobs.map(\.id), waitSeconds: request.waitSeconds, context: context, queries: queries)
                return CacheRefreshResponse(jobs: states, finished: finished)
            }
        }
        router.register(CacheMethods.refreshStatus) { request, context in
            try await Self.answering {
                let (states, finished) = try await Self.settle(
                    request.jobIDs, waitSeconds: request.waitSeconds, context: context, queries: queries)
                return CacheRefreshStatusResponse(jobs: states, finished: finished)
            }
        }
        let itemRefresh = itemRefresh
        router.register(CacheMethods.refreshItem) { request, context in
            try await Self.answering {
                guard let itemRefresh else { throw CacheError.unavailable("this cache process cannot reach AWS") }
                var wait = min(Duration.seconds(Int64(request.waitSeconds == 0 ? 30 : request.waitSeconds)), Self.maxItemWait)
                if let deadline = context.deadline { wait = min(wait, max(.zero, deadline - .now - .milliseconds(250))) }
                let (item, sweptAt) = try await Self.within(wait, what: request.arn) {
                    try await itemRefresh.refresh(arn: request.arn, bucketAccount: request.accountID)
                }
                return CacheRefreshItemResponse(item: item.map(CacheItem.init), sweptAtUnixMs: sweptAt)
            }
        }
        router.register(CacheMethods.queryInventory) { request, _ in
            try await Self.answering {
                var filters: [InventoryFilter] = []
                for filter in request.filters { filters.append(try InventoryFilter(column: filter.column, pattern: filter.pattern)) }
                let sort = request.sort.isEmpty ? .arn : InventoryFilter.Column(rawValue: request.sort)
                guard let sort else { throw CacheError.invalidArgument("sort: '\(request.sort.prefix(40))' is not a column") }
                let limit = Int(request.page?.limit ?? 0)
                let page = try await queries.table(InventoryTable.Query(
                    filters: filters, sort: sort, descending: request.descending, cursor: request.page?.cursor,
                    limit: limit == 0 ? 50 : limit, restricted: request.restricted))
                return CacheInventoryQueryResponse(
                    rows: page.rows.map { row, accountName in
                        CacheInventoryRow(
                            accountID: row.accountID, accountName: accountName, arn: row.arn, technology: row.technology,
                            type: row.type.rawValue, name: row.name, region: row.region)
                    },
                    total: UInt64(page.total), page: PageInfo(nextCursor: page.nextCursor ?? ""))
            }
        }
        router.register(CacheMethods.getItemDetail) { request, _ in
            try await Self.answering {
                guard let detail = try await queries.detail(arn: request.arn, restricted: request.restricted) else {
                    throw CacheError.notFound("\(request.arn.prefix(200))")
                }
                return CacheItemDetailResponse(
                    item: CacheItem(detail.item), accountName: detail.accountName ?? InventoryTable.unknownAccount,
                    sweptAtUnixMs: detail.sweptAt,
                    credentialGrants: detail.credentialGrants.map {
                        CacheCredentialGrant(principal: $0.principal, cliOnly: $0.cliOnly, source: $0.source)
                    })
            }
        }
        router.register(CacheMethods.sweepStatus) { request, _ in
            try await Self.answering {
                let status = try await queries.status(accounts: request.accountIDs)
                let ordered = status.sorted { ($0.key.account, $0.key.field) < ($1.key.account, $1.key.field) }
                return CacheSweepStatusResponse(scopes: ordered.map { CacheScopeStatus($0.key, $0.value) })
            }
        }
        let deniedCalls = deniedCalls
        router.register(CacheMethods.listDeniedCalls) { request, _ in
            try await Self.answering {
                guard let arn = ARN(request.roleARN), arn.service == "iam", arn.resource.hasPrefix("role/") else {
                    throw CacheError.invalidArgument("role_arn: '\(request.roleARN.prefix(80))' is not a role ARN")
                }
                guard request.limit <= 1000 else { throw CacheError.invalidArgument("limit must be at most 1000") }
                let entries = try await deniedCalls?.entries(roleARN: request.roleARN) ?? []
                return CacheDeniedCallsResponse(calls: entries.prefix(request.limit == 0 ? 100 : Int(request.limit)).map {
                    CacheDeniedCall(action: $0.action, resource: $0.resource, count: UInt64(max($0.count, 0)), lastSeenUnixMs: $0.lastSeen)
                })
            }
        }
    }

    /// The jobs' states, after waiting up to `waitSeconds` (within the call's deadline, less a
    /// margin to answer in) for all of them to finish.
    static func settle(
        _ ids: [String], waitSeconds: UInt32, context: RPCContext, queries: CacheQueries
    ) async throws -> ([CacheJob], Bool) {
        let wait = waitBudget(waitSeconds, context: context)
        let progress = wait > .zero
            ? try await queries.waitUntilFinished(jobIDs: ids, timeout: wait)
            : try await queries.progress(jobIDs: ids)
        let jobs = ids.map { CacheJob(id: $0, progress: progress[$0]) }
        return (jobs, jobs.allSatisfy { $0.state == .done || $0.state == .failed })
    }

    /// How long a call asking to wait `waitSeconds` may wait: at most `maxWait`, and within the
    /// call's deadline less a margin to answer in.
    static func waitBudget(_ waitSeconds: UInt32, context: RPCContext) -> Duration {
        var wait = min(Duration.seconds(Int64(waitSeconds)), maxWait)
        if let deadline = context.deadline {
            wait = min(wait, max(.zero, deadline - .now - .milliseconds(250)))
        }
        return wait
    }

    /// Runs `body`, giving up with UNAVAILABLE once `limit` has passed.
    static func within<Value: Sendable>(
        _ limit: Duration, what: String, _ body: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw CacheError.unavailable("AWS did not answer for \(what.prefix(200)) in time")
            }
            return value
        }
    }

    /// Runs a handler body, turning storage failures into `CacheError.unavailable` (UNAVAILABLE).
    static func answering<Response>(_ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let error as RedisError {
            throw CacheError.unavailable("the cache's storage is unavailable: \(error)")
        } catch let error as AWSError {
            throw CacheError.unavailable("AWS refused the read: \(error)")
        } catch let error as AWSClientError {
            throw CacheError.unavailable("AWS could not be read: \(error)")
        } catch let error as AWSCredentialsError {
            throw CacheError.unavailable("the spoke role could not be assumed: \(error)")
        }
    }
}
