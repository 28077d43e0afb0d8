import Foundation
import PorticoRedis

/// This replica's in-memory index of the policies table: a row per item of every scope's
/// current generation, read from the generations' name indexes (and, when roles can be hidden,
/// the roles' tags), kept sorted by ARN. Each query first reads the generation pointers (one
/// pipeline) and reloads only the scopes whose generation or RefreshItem count changed, so
/// filtering and sorting never touch item documents.
actor InventoryIndex {
    let redis: RedisClient
    let settings: CacheSettings
    let visibility: RoleVisibility

    /// A scope's rows and the pointer state they were read at.
    private struct ScopeRows {
        var version: String
        var rows: [InventoryRow]
    }

    private var scopes: [SweepScope: ScopeRows] = [:]
    private var names: [String: String] = [:]
    private var namesReadAt: ContinuousClock.Instant?
    private var merged = InventorySnapshot(rows: [], names: [:])

    /// How long account names are used before they are read again.
    static let namesLifetime: Duration = .seconds(30)

    init(redis: RedisClient, settings: CacheSettings, visibility: RoleVisibility) {
        self.redis = redis
        self.settings = settings
        self.visibility = visibility
    }

    var keys: CacheKeys { settings.keys }

    /// Every row sorted by lowercased ARN, the account names, and each row's filter keys, as of now.
    func snapshot() async throws -> InventorySnapshot {
        let accounts = (try await redis.send(["ZRANGE", keys.accounts, "0", "-1"]).array ?? []).compactMap(\.string)
        let pointers = accounts.isEmpty ? [] : try await redis.pipeline(accounts.map { ["HGETALL", keys.pointer($0)] })
        var wanted: [SweepScope: (generation: String, version: String)] = [:]
        for (account, reply) in zip(accounts, pointers) {
            let flat = (reply.array ?? []).map { $0.string ?? "" }
            var fields: [String: String] = [:]
            for index in stride(from: 0, to: flat.count - 1, by: 2) { fields[flat[index]] = flat[index + 1] }
            for (field, generation) in fields {
                guard let scope = SweepScope(account: account, field: field) else { continue }
                wanted[scope] = (generation, "\(generation)/\(fields["rev:" + field] ?? "0")")
            }
        }
        var changed = Set(scopes.keys).subtracting(wanted.keys).isEmpty == false
        for scope in Set(scopes.keys).subtracting(wanted.keys) { scopes[scope] = nil }
        for (scope, target) in wanted where scopes[scope]?.version != target.version {
            scopes[scope] = ScopeRows(version: target.version, rows: try await rows(of: scope, generation: target.generation))
            changed = true
        }
        var rows = merged.rows
        if changed {
            rows = scopes.values.flatMap(\.rows).sorted { KeyBytes.precedes($0.arnKey, $1.arnKey) }
        }
        if changed || namesReadAt.map({ ContinuousClock.now - $0 > Self.namesLifetime }) ?? true {
            let read = try await accountNames(accounts)
            if changed || read != names { merged = InventorySnapshot(rows: rows, names: read) }
            names = read
            namesReadAt = .now
        }
        return merged
    }

    /// The rows of one generation.
    private func rows(of scope: SweepScope, generation: String) async throws -> [InventoryRow] {
        let index = GenerationIndex(redis: redis, keys: keys)
        let shards = try await index.shards([generation])[0]
        var rows: [InventoryRow] = []
        for (typeName, count) in shards.sorted(by: { $0.key < $1.key }) {
            let type = InventoryType(rawValue: typeName)
            guard InventoryRow.isListed(type) else { continue }
            let arns = try await index.arns(in: generation, type: type, shards: count)
            var hidden: Set<String> = []
            if type == .role, visibility.restricts {
                for chunk in arns.chunked(500) {
                    let documents = try await redis.pipeline(chunk.map { ["HGET", keys.item(generation, $0), "doc"] })
                    for (arn, reply) in zip(chunk, documents) {
                        guard let bytes = reply.bytes else { continue }
                        if !visibility.isVisible(try ItemCoding.decode(bytes)) { hidden.insert(arn) }
                    }
                }
            }
            let accountKey = Array(scope.account.utf8)
            let technologyKey = InventoryRow.technologyKey(of: type)
            rows += arns.map { arn in
                InventoryRow(
                    accountID: scope.account, arn: arn, type: type, name: Typeahead.displayName(arn: arn),
                    region: scope.region ?? "", hidden: hidden.contains(arn),
                    accountKey: accountKey, technologyKey: technologyKey)
            }
        }
        return rows
    }

    private func accountNames(_ accounts: [String]) async throws -> [String: String] {
        guard !accounts.isEmpty else { return [:] }
        var names: [String: String] = [:]
        for chunk in accounts.chunked(500) {
            let documents = try await redis.send(["MGET"] + chunk.map { keys.account($0) }).array ?? []
            for (id, document) in zip(chunk, documents) {
                if let bytes = document.bytes, let account = try? ItemCoding.decodeJSON(CachedAccount.self, bytes, what: "account") {
                    names[id] = account.name
                }
            }
        }
        return names
    }
}
