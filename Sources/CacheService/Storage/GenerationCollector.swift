import Logging
import PorticoRedis

/// Deletes generations that are no longer needed: replaced ones once their grace period is over,
/// and abandoned ones (their writer died before committing). It walks each generation's name
/// index to find its item keys, so no key-space scan is needed. Run by the scheduler only.
struct GenerationCollector {
    let redis: RedisClient
    let settings: CacheSettings
    let logger: Logger

    var keys: CacheKeys { settings.keys }

    /// Deletes up to `limit` generations that are due; returns how many were deleted.
    @discardableResult
    func collectDue(limit: Int = 16) async throws -> Int {
        let now = try await redis.serverMilliseconds()
        let due = try await redis.send([
            "ZRANGEBYSCORE", keys.garbage, "-inf", RedisArgument(now), "LIMIT", "0", RedisArgument(limit),
        ]).array ?? []
        var deleted = 0
        for case let generation? in due.map(\.string) {
            if try await delete(generation) { deleted += 1 }
            _ = try await redis.send(["ZREM", keys.garbage, RedisArgument(generation)])
        }
        return deleted
    }

    /// Deletes every key of `generation` unless it is some scope's current generation.
    /// Returns whether it deleted.
    func delete(_ generation: String) async throws -> Bool {
        let meta = try await redis.hgetall(keys.meta(generation))
        if let account = meta["account"].flatMap({ String(validating: $0, as: UTF8.self) }),
           let field = meta["field"].flatMap({ String(validating: $0, as: UTF8.self) }),
           let current = try await redis.hget(keys.pointer(account), RedisArgument(field)),
           current == Array(generation.utf8)
        {
            logger.debug("generation is current; not collected", metadata: ["generation": "\(generation)"])
            return false
        }
        let shards = (meta["shards"]).flatMap { try? ItemCoding.decodeJSON([String: Int].self, $0, what: "shards") } ?? [:]
        var batch = RedisBatch(redis: redis)
        for (type, count) in shards {
            for shard in 0..<max(count, 1) {
                let index = keys.names(generation, InventoryType(rawValue: type), shard: shard)
                let members = try await redis.send(["ZRANGE", index, "0", "-1"]).array ?? []
                for member in members.compactMap(\.bytes) {
                    if let arn = CacheKeys.arn(ofMember: member) { try await batch.add(["UNLINK", keys.item(generation, arn)]) }
                }
                try await batch.add(["UNLINK", index])
            }
        }
        let principals = try await redis.smembers(keys.principals(generation))
        for principal in principals {
            try await batch.add(["UNLINK", keys.authorization(generation, String(decoding: principal, as: UTF8.self))])
        }
        try await batch.add(["UNLINK", keys.principals(generation), keys.meta(generation)])
        try await batch.flush()
        logger.debug("generation collected", metadata: ["generation": "\(generation)"])
        return true
    }
}
