import PorticoRedis

/// Names starting with what a user has typed, across accounts: a few pipelined range reads of
/// the name indexes (pointers, then shard counts, then one `ZRANGEBYLEX` per index shard),
/// whatever the number of accounts. Matching is case-insensitive, on the start of the name.
struct Typeahead {
    let reader: InventoryReader

    /// One suggestion.
    struct Match: Sendable, Hashable {
        var arn: String
        var name: String
        var type: InventoryType
        var account: String
    }

    static let maxLimit = 100

    func suggest(prefix: String, types: [InventoryType], accounts: [String], limit: Int) async throws -> [Match] {
        guard (1...Self.maxLimit).contains(limit) else { throw CacheError.invalidArgument("limit must be 1 to \(Self.maxLimit)") }
        let lowered = prefix.lowercased()
        guard !lowered.isEmpty, lowered.utf8.count <= 256, !lowered.contains("\t") else {
            throw CacheError.invalidArgument("the typeahead text must be 1 to 256 characters")
        }
        let listing = ResourceListing(reader: reader)
        let slices = try await listing.slices(ResourceQuery(accounts: accounts, types: types.isEmpty ? [.role] : types))
        let index = GenerationIndex(redis: reader.redis, keys: reader.keys)
        let scopes = slices.compactMap(\.scope)
        let generations = try await index.current(scopes)
        let live = zip(slices, generations).compactMap { slice, generation in generation.map { (slice, $0) } }
        guard !live.isEmpty else { return [] }
        let shardCounts = try await index.shards(live.map(\.1))

        let low = RedisArgument([UInt8(ascii: "[")] + Array(lowered.utf8))
        let high = RedisArgument([UInt8(ascii: "[")] + Array(lowered.utf8) + [0xFF])
        var commands: [[RedisArgument]] = []
        var owners: [ResourceListing.Slice] = []
        for ((slice, generation), shards) in zip(live, shardCounts) {
            for shard in 0..<max(shards[slice.type.rawValue] ?? 1, 1) {
                commands.append([
                    "ZRANGEBYLEX", reader.keys.names(generation, slice.type, shard: shard), low, high,
                    "LIMIT", "0", RedisArgument(limit),
                ])
                owners.append(slice)
            }
        }
        var found: [(member: [UInt8], slice: ResourceListing.Slice)] = []
        for chunk in Array(zip(commands, owners)).chunked(512) {
            let replies = try await reader.redis.pipeline(chunk.map(\.0))
            for (reply, (_, slice)) in zip(replies, chunk) {
                found += (reply.array ?? []).compactMap(\.bytes).map { ($0, slice) }
            }
        }
        found.sort { $0.member.lexicographicallyPrecedes($1.member) }
        return found.prefix(limit).compactMap { member, slice in
            guard let arn = CacheKeys.arn(ofMember: member) else { return nil }
            return Match(arn: arn, name: Self.displayName(arn: arn), type: slice.type, account: slice.account)
        }
    }

    /// A resource's name as its ARN spells it: the part after the last `/` or `:`.
    static func displayName(arn: String) -> String {
        guard let cut = arn.lastIndex(where: { $0 == "/" || $0 == ":" }) else { return arn }
        return String(arn[arn.index(after: cut)...])
    }
}
