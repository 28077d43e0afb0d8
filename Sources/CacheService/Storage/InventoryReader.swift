import PorticoCore
public import PorticoRedis

/// Reads the cache: one item by ARN (one small read through its scope's pointer), the accounts,
/// and the sweep status. Listing and typeahead are in `ResourceListing` and `Typeahead`.
public struct InventoryReader: Sendable {
    public let redis: RedisClient
    public let settings: CacheSettings

    public init(redis: RedisClient, settings: CacheSettings) {
        self.redis = redis
        self.settings = settings
    }

    var keys: CacheKeys { settings.keys }

    /// The item cached under `arn`, or nil when the cache does not hold it.
    /// - Throws: `CacheError.invalidArgument` when `arn` is not an ARN.
    public func item(arn: String) async throws -> InventoryItem? {
        guard let parsed = ARN(arn) else { throw CacheError.invalidArgument("'\(arn.prefix(80))' is not an ARN") }
        guard let scope = try await scope(of: parsed, arn: arn) else { return nil }
        let reply = try await redis.evaluate(
            CacheScripts.item, keys: [keys.pointer(scope.account)],
            arguments: [RedisArgument(keys.prefix), RedisArgument(scope.field), RedisArgument(arn)])
        guard let bytes = reply.bytes else { return nil }
        return try ItemCoding.decode(bytes)
    }

    /// The scope whose generations would hold `arn`.
    func scope(of parsed: ARN, arn: String) async throws -> SweepScope? {
        switch parsed.kind {
        case .iam:
            return AccountID.isValid(parsed.account) ? SweepScope(account: parsed.account, kind: .iam) : nil
        case .s3:
            guard let account = try await redis.get(keys.bucketLocation(arn)).flatMap({ String(validating: $0, as: UTF8.self) }),
                  AccountID.isValid(account) else { return nil }
            return SweepScope(account: account, kind: .s3)
        case .some(let kind):
            guard AccountID.isValid(parsed.account), AWSRegionName.isValid(parsed.region) else { return nil }
            return SweepScope(account: parsed.account, kind: kind, region: parsed.region)
        case .none:
            guard !settings.configResourceTypes.isEmpty, AccountID.isValid(parsed.account),
                  AWSRegionName.isValid(parsed.region) else { return nil }
            return SweepScope(account: parsed.account, kind: .config, region: parsed.region)
        }
    }

    // MARK: Accounts

    /// Every cached account id, in order.
    public func accountIDs() async throws -> [String] {
        let members = try await redis.send(["ZRANGE", keys.accounts, "0", "-1"]).array ?? []
        return members.compactMap(\.string)
    }

    /// A page of accounts after `after` (an account id; nil for the first page).
    public func accounts(after: String?, limit: Int) async throws -> (accounts: [CachedAccount], next: String?) {
        let start: RedisArgument = after.map { RedisArgument("(" + $0) } ?? "-"
        let ids = (try await redis.send([
            "ZRANGEBYLEX", keys.accounts, start, "+", "LIMIT", "0", RedisArgument(limit + 1),
        ]).array ?? []).compactMap(\.string)
        let page = Array(ids.prefix(limit))
        guard !page.isEmpty else { return ([], nil) }
        let documents = try await redis.send(["MGET"] + page.map { keys.account($0) }).array ?? []
        var accounts: [CachedAccount] = []
        for (id, document) in zip(page, documents) {
            if let bytes = document.bytes {
                accounts.append(try ItemCoding.decodeJSON(CachedAccount.self, bytes, what: "account \(id)"))
            } else {
                accounts.append(CachedAccount(id: id, name: id, source: "unknown"))
            }
        }
        return (accounts, ids.count > limit ? page.last : nil)
    }

    // MARK: Status

    /// The sweep status of every scope of the accounts (all cached accounts when empty).
    public func status(accounts: [String] = []) async throws -> [SweepScope: SweepStatus] {
        let ids = accounts.isEmpty ? try await accountIDs() : accounts
        for id in ids where !AccountID.isValid(id) { throw CacheError.invalidArgument("'\(id.prefix(40))' is not a 12-digit account id") }
        var result: [SweepScope: SweepStatus] = [:]
        for chunk in ids.chunked(128) {
            let replies = try await redis.pipeline(chunk.map { ["HGETALL", keys.status($0)] })
            for (account, reply) in zip(chunk, replies) {
                let flat = reply.array ?? []
                for index in stride(from: 0, to: flat.count - 1, by: 2) {
                    guard let field = flat[index].string, let scope = SweepScope(account: account, field: field),
                          let bytes = flat[index + 1].bytes else { continue }
                    result[scope] = try ItemCoding.decodeJSON(SweepStatus.self, bytes, what: "status of \(scope)")
                }
            }
        }
        return result
    }
}
