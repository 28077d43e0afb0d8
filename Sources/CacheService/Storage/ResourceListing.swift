import PorticoRedis

/// Lists cached items across accounts, filtered by type, name text and tag, a page at a time.
///
/// Order: account id, then type, then region, then lowercased name. The name index of each
/// scope's current generation is read in batches (its shards merged), names are filtered on the
/// index alone, and only candidates are read in full. Each call examines at most `scanBudget`
/// index entries, so its cost is bounded whatever the filter.
struct ResourceListing {
    let reader: InventoryReader
    var scanBudget = 5000
    var batchSize = 200

    var redis: RedisClient { reader.redis }
    var keys: CacheKeys { reader.keys }

    /// One (account, type, region) slice of the listing.
    struct Slice: Comparable {
        var account: String
        var type: InventoryType
        var region: String?

        var scope: SweepScope? {
            type.kind.map { SweepScope(account: account, kind: $0, region: region) }
        }

        static func < (lhs: Slice, rhs: Slice) -> Bool {
            (lhs.account, lhs.type.rawValue, lhs.region ?? "") < (rhs.account, rhs.type.rawValue, rhs.region ?? "")
        }
    }

    func list(_ query: ResourceQuery) async throws -> ResourcePage {
        guard (1...ResourceQuery.maxLimit).contains(query.limit) else {
            throw CacheError.invalidArgument("limit must be 1 to \(ResourceQuery.maxLimit)")
        }
        let cursor = try query.cursor.flatMap { $0.isEmpty ? nil : try ListingCursor(decoding: $0) }
        let needle = query.nameContains.map { $0.lowercased() }.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        let slices = try await self.slices(query)
        var items: [InventoryItem] = []
        var bytes = 0
        var budget = scanBudget
        let start = cursor.map { position in
            Slice(account: position.account, type: InventoryType(rawValue: position.type), region: position.region)
        }
        for slice in slices {
            if let start, slice < start { continue }
            if budget == 0 { return ResourcePage(items: items, nextCursor: Self.cursor(slice, [])) }
            guard let scope = slice.scope, let generation = try await GenerationIndex(redis: redis, keys: keys).current(scope)
            else { continue }
            let shards = try await GenerationIndex(redis: redis, keys: keys).shards([generation])[0][slice.type.rawValue] ?? 1
            var after: [UInt8]? = (start == slice) ? cursor.map { Array($0.member.utf8) } : nil
            while budget > 0 {
                let count = min(batchSize, budget)
                let members = try await range(generation, slice.type, shards: shards, after: after, count: count)
                budget -= members.count
                let candidates = members.filter { member in needle.map { Self.name(of: member).contains($0) } ?? true }
                let wanted = query.tagKey == nil ? Array(candidates.prefix(query.limit - items.count)) : candidates
                let documents = try await self.documents(generation, wanted)
                for (member, document) in zip(wanted, documents) {
                    guard let (item, size) = document, Self.matchesTag(item, key: query.tagKey, value: query.tagValue)
                    else { continue }
                    items.append(item)
                    bytes += size
                    if items.count == query.limit || bytes >= query.maxBytes {
                        return ResourcePage(items: items, nextCursor: Self.cursor(slice, member))
                    }
                }
                guard let last = members.last, members.count == count else { break }
                after = last
                if budget == 0 { return ResourcePage(items: items, nextCursor: Self.cursor(slice, last)) }
            }
        }
        return ResourcePage(items: items, nextCursor: nil)
    }

    /// The slices the query covers, in listing order.
    func slices(_ query: ResourceQuery) async throws -> [Slice] {
        for account in query.accounts where !AccountID.isValid(account) {
            throw CacheError.invalidArgument("'\(account.prefix(40))' is not a 12-digit account id")
        }
        let settings = reader.settings
        var types = query.types
        if types.isEmpty {
            for kind in SweepKind.allCases {
                types += InventoryType.types(of: kind, configResourceTypes: settings.configResourceTypes)
            }
        }
        for type in types where type.kind == nil {
            throw CacheError.invalidArgument("'\(type.rawValue.prefix(60))' is not a cached resource type")
        }
        let accounts = query.accounts.isEmpty ? try await reader.accountIDs() : Array(Set(query.accounts))
        var slices: [Slice] = []
        for account in accounts {
            for type in Set(types) {
                guard let kind = type.kind else { continue }
                if kind.isRegional {
                    slices += settings.regions.map { Slice(account: account, type: type, region: $0) }
                } else {
                    slices.append(Slice(account: account, type: type, region: nil))
                }
            }
        }
        return slices.sorted()
    }

    /// Up to `count` index members after `after`, merged across the shards.
    func range(_ generation: String, _ type: InventoryType, shards: Int, after: [UInt8]?, count: Int) async throws -> [[UInt8]] {
        let start: RedisArgument = after.flatMap { $0.isEmpty ? nil : RedisArgument([UInt8(ascii: "(")] + $0) } ?? "-"
        let replies = try await redis.pipeline((0..<max(shards, 1)).map { shard in
            ["ZRANGEBYLEX", keys.names(generation, type, shard: shard), start, "+", "LIMIT", "0", RedisArgument(count)]
        })
        var members: [[UInt8]] = []
        for reply in replies { members += (reply.array ?? []).compactMap(\.bytes) }
        if shards > 1 { members.sort { $0.lexicographicallyPrecedes($1) } }
        return Array(members.prefix(count))
    }

    /// The items behind index members with their stored sizes (nil where one vanished), in one
    /// round trip.
    func documents(_ generation: String, _ members: [[UInt8]]) async throws -> [(InventoryItem, Int)?] {
        guard !members.isEmpty else { return [] }
        let arns = members.map { CacheKeys.arn(ofMember: $0) ?? "" }
        let replies = try await redis.pipeline(arns.map { ["HGET", keys.item(generation, $0), "doc"] })
        return try replies.map { reply in try reply.bytes.map { (try ItemCoding.decode($0), $0.count) } }
    }

    static func name(of member: [UInt8]) -> ArraySlice<UInt8> {
        member[..<(member.firstIndex(of: UInt8(ascii: "\t")) ?? member.endIndex)]
    }

    static func matchesTag(_ item: InventoryItem, key: String?, value: String?) -> Bool {
        guard let key else { return true }
        guard let found = item.tag(key) else { return false }
        return value.map { $0 == found } ?? true
    }

    static func cursor(_ slice: Slice, _ member: [UInt8]) -> String {
        ListingCursor(
            account: slice.account, type: slice.type.rawValue, region: slice.region,
            member: String(decoding: member, as: UTF8.self)
        ).encoded
    }
}

extension ArraySlice where Element == UInt8 {
    /// Whether `needle` occurs in these bytes.
    func contains(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= count else { return false }
        var index = startIndex
        while index <= endIndex - needle.count {
            if self[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
