import Logging
import PorticoRedis

/// Writes one freshly read item into its scope's current generation (`CacheScripts.overwriteItem`):
/// the item, its name-index entry and, for a role, its grants in the authorization mapping, so
/// readers and credential lookups see the change at once, without a sweep of the account. A
/// concurrent sweep's commit or another refresh of the same item makes it read again and retry.
///
/// The next sweep of the scope writes a whole new generation, which supersedes this write.
struct ItemOverwrite {
    let redis: RedisClient
    let settings: CacheSettings
    let logger: Logger

    var keys: CacheKeys { settings.keys }

    /// What the current generation holds for an ARN.
    struct Current: Sendable {
        var generation: String
        var sequence: Int64
        var item: InventoryItem?
        var digest: String
        var shards: Int
    }

    /// The scope's current generation and what it holds for `arn`.
    /// - Throws: `CacheError.notReady` when the scope has never been swept.
    func current(arn: String, type: InventoryType, scope: SweepScope) async throws -> Current {
        guard let generation = try await GenerationIndex(redis: redis, keys: keys).current(scope) else {
            throw CacheError.notReady("\(scope) has not been swept yet; refresh the account first")
        }
        let replies = try await redis.pipeline([
            ["HMGET", keys.item(generation, arn), "doc", "hash"],
            ["HMGET", keys.meta(generation), "shards", "seq"],
        ])
        let item = replies[0].array ?? []
        let meta = replies[1].array ?? []
        let shards = (meta.first?.bytes).flatMap { try? ItemCoding.decodeJSON([String: Int].self, $0, what: "shards") } ?? [:]
        return Current(
            generation: generation, sequence: meta.count > 1 ? (meta[1].string.flatMap { Int64($0) } ?? 0) : 0,
            item: try item.first?.bytes.map(ItemCoding.decode), digest: item.count > 1 ? (item[1].string ?? "") : "",
            shards: shards[type.rawValue] ?? 1)
    }

    /// Replaces what `current` read for `arn` with `item` (nil: removes it). Returns the write
    /// time (epoch ms), or nil when the generation moved or the item changed since `current`.
    func write(
        _ item: InventoryItem?, arn: String, type: InventoryType, scope: SweepScope, over current: Current
    ) async throws -> Int64? {
        var json: [UInt8] = []
        var digest = ""
        if let item {
            (json, digest) = try ItemCoding.encode(item)
            guard json.count <= ItemCoding.maxItemBytes else {
                throw CacheError.invalidArgument("\(arn.prefix(200)) is too large to cache (\(json.count) bytes)")
            }
        }
        let shard = CacheKeys.shard(of: arn, shards: current.shards)
        let oldMember = current.item.map { CacheKeys.nameMember(name: $0.name, arn: arn) } ?? ""
        let newMember = item.map { CacheKeys.nameMember(name: $0.name, arn: arn) } ?? ""
        var revoked: [String] = []
        var granted: [(String, RoleAccess)] = []
        if type == .role {
            let authorization = RoleTagAuthorization(settings: settings.authorization)
            let before = current.item.map(authorization.principals(of:)) ?? [:]
            let after = item.map(authorization.principals(of:)) ?? [:]
            revoked = before.keys.filter { after[$0] == nil }.sorted()
            granted = after.sorted { $0.key < $1.key }.filter { before[$0.key] != $0.value }
        }
        var arguments: [RedisArgument] = [
            RedisArgument(keys.prefix), RedisArgument(scope.field), RedisArgument(current.generation), RedisArgument(arn),
            RedisArgument(current.digest), RedisArgument(json), RedisArgument(digest),
            keys.names(current.generation, type, shard: shard), RedisArgument(oldMember == newMember ? "" : oldMember),
            RedisArgument(newMember), RedisArgument(scope.account), RedisArgument(revoked.count),
        ]
        arguments += revoked.map { RedisArgument($0) }
        arguments.append(RedisArgument(granted.count))
        for (principal, access) in granted { arguments += [RedisArgument(principal), RedisArgument(access.rawValue)] }
        let reply = try await redis.evaluate(CacheScripts.overwriteItem, keys: [keys.pointer(scope.account)], arguments: arguments)
        if case .integer(let now) = reply {
            if type == .bucket, item != nil {
                _ = try await redis.send([
                    "SET", keys.bucketLocation(arn), RedisArgument(scope.account),
                    "PX", RedisArgument(3 * settings.interval(.s3).wholeMilliseconds),
                ])
            }
            return now
        }
        guard let outcome = reply.string, outcome == "moved" || outcome == "changed" else {
            throw CacheError.corrupt("overwrite script answered \(reply)")
        }
        logger.debug("item overwrite raced; reading again", metadata: ["arn": "\(arn.prefix(200))", "outcome": "\(outcome)"])
        return nil
    }
}
