import PorticoRedis

/// Reads through the generation pointers: which generation is current for a scope, and the
/// shard counts of its name indexes.
struct GenerationIndex {
    let redis: RedisClient
    let keys: CacheKeys

    /// The current generation of each scope (nil where none was committed), in one round trip.
    func current(_ scopes: [SweepScope]) async throws -> [String?] {
        guard !scopes.isEmpty else { return [] }
        let replies = try await redis.pipeline(scopes.map { ["HGET", keys.pointer($0.account), RedisArgument($0.field)] })
        return replies.map(\.string)
    }

    func current(_ scope: SweepScope) async throws -> String? {
        try await current([scope])[0]
    }

    /// Shard counts per type of each generation, in one round trip.
    func shards(_ generations: [String]) async throws -> [[String: Int]] {
        guard !generations.isEmpty else { return [] }
        let replies = try await redis.pipeline(generations.map { ["HGET", keys.meta($0), "shards"] })
        return replies.map { reply in
            reply.bytes.flatMap { try? ItemCoding.decodeJSON([String: Int].self, $0, what: "shards") } ?? [:]
        }
    }

    /// Every ARN of `type` in `generation`.
    func arns(in generation: String, type: InventoryType, shards: Int) async throws -> [String] {
        var arns: [String] = []
        for shard in 0..<max(shards, 1) {
            let members = try await redis.send(["ZRANGE", keys.names(generation, type, shard: shard), "0", "-1"]).array ?? []
            arns += members.compactMap(\.bytes).compactMap(CacheKeys.arn(ofMember:))
        }
        return arns
    }
}
