import Logging
import PorticoRedis

/// Writes one generation of a scope: every item, the name index, the generation's metadata and,
/// for IAM, the authorization mapping of its roles. Nothing of it is visible to readers until
/// `GenerationCommitter` points the scope at it.
///
/// The generation is first registered for garbage collection as abandoned-after; if the writer
/// dies before the commit, the collector deletes it. Within each pipeline an item's index entry
/// is written before the item, so the collector (which walks the index) finds every key.
struct GenerationWriter {
    let redis: RedisClient
    let settings: CacheSettings
    let logger: Logger

    var keys: CacheKeys { settings.keys }

    /// What was written.
    struct Written: Sendable {
        var generation: String
        /// ARN → content digest of every item written.
        var digests: [String: String]
        var encoded: [String: [UInt8]]
        var items: [InventoryItem]
        var skipped: Int
    }

    func write(_ items: [InventoryItem], scope: SweepScope, generation: String, sequence: Int64) async throws -> Written {
        var written = Written(generation: generation, digests: [:], encoded: [:], items: [], skipped: 0)
        var byType: [InventoryType: [InventoryItem]] = [:]
        for type in InventoryType.types(of: scope.kind, configResourceTypes: settings.configResourceTypes) {
            byType[type] = []
        }
        for item in items where written.digests[item.arn] == nil {
            let (json, digest) = try ItemCoding.encode(item)
            guard json.count <= ItemCoding.maxItemBytes else {
                written.skipped += 1
                logger.warning("item too large to cache; skipped", metadata: ["arn": "\(item.arn)", "bytes": "\(json.count)"])
                continue
            }
            written.digests[item.arn] = digest
            written.encoded[item.arn] = json
            written.items.append(item)
            byType[item.type, default: []].append(item)
        }

        let now = try await redis.serverMilliseconds()
        _ = try await redis.send([
            "ZADD", keys.garbage, RedisArgument(now + settings.abandonedGenerationAge.wholeMilliseconds), RedisArgument(generation),
        ])
        var counts: [String: Int] = [:]
        var shards: [String: Int] = [:]
        for (type, members) in byType {
            counts[type.rawValue] = members.count
            shards[type.rawValue] = CacheKeys.shardCount(for: members.count)
        }
        var batch = RedisBatch(redis: redis)
        try await batch.add([
            "HSET", keys.meta(generation), "account", RedisArgument(scope.account), "field", RedisArgument(scope.field),
            "seq", RedisArgument(sequence), "created", RedisArgument(now),
            "counts", RedisArgument(try ItemCoding.encodeJSON(counts)), "shards", RedisArgument(try ItemCoding.encodeJSON(shards)),
        ])
        for (type, members) in byType.sorted(by: { $0.key < $1.key }) {
            let shardCount = shards[type.rawValue] ?? 1
            for item in members {
                guard let json = written.encoded[item.arn], let digest = written.digests[item.arn] else { continue }
                let shard = CacheKeys.shard(of: item.arn, shards: shardCount)
                try await batch.add([
                    "ZADD", keys.names(generation, type, shard: shard), "0",
                    RedisArgument(CacheKeys.nameMember(name: item.name, arn: item.arn)),
                ])
                try await batch.add(["HSET", keys.item(generation, item.arn), "doc", RedisArgument(json), "hash", RedisArgument(digest)])
                if type == .bucket {
                    try await batch.add([
                        "SET", keys.bucketLocation(item.arn), RedisArgument(scope.account),
                        "PX", RedisArgument(3 * settings.interval(.s3).wholeMilliseconds),
                    ])
                }
            }
        }
        if scope.kind == .iam {
            let authorization = RoleTagAuthorization(settings: settings.authorization)
            for role in byType[.role] ?? [] {
                for (principal, access) in authorization.principals(of: role) {
                    try await batch.add(["SADD", keys.principals(generation), RedisArgument(principal)])
                    try await batch.add([
                        "HSET", keys.authorization(generation, principal), RedisArgument(role.arn), RedisArgument(access.rawValue),
                    ])
                }
            }
        }
        try await batch.flush()
        return written
    }

    /// The content digests of `arns` in `generation` (missing ones absent).
    func digests(in generation: String, arns: [String]) async throws -> [String: String] {
        var result: [String: String] = [:]
        for chunk in arns.chunked(256) {
            let replies = try await redis.pipeline(chunk.map { ["HGET", keys.item(generation, $0), "hash"] })
            for (arn, reply) in zip(chunk, replies) {
                if let digest = reply.string { result[arn] = digest }
            }
        }
        return result
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: Swift.max(size, 1)).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

extension Duration {
    /// Whole milliseconds (rounded down).
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
