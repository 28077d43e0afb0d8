import PorticoRedis

/// The cached account list in Redis: a sorted set of ids (`P acct`) and each account's JSON
/// (`P acct:<id>`), replaced as a whole when the source is read again. An account that is no
/// longer listed loses its pointers, status and schedule, and its generations go to the
/// collector, so it disappears from every read.
struct AccountDirectory {
    let redis: RedisClient
    let keys: CacheKeys

    /// Stores `accounts` and drops the ones no longer listed. Returns the ids listed before.
    @discardableResult
    func store(_ accounts: [CachedAccount], refreshedAt: Int64) async throws -> [String] {
        let previous = (try await redis.send(["ZRANGE", keys.accounts, "0", "-1"]).array ?? []).compactMap(\.string)
        let current = Set(accounts.map(\.id))
        var batch = RedisBatch(redis: redis)
        for account in accounts {
            try await batch.add(["ZADD", keys.accounts, "0", RedisArgument(account.id)])
            try await batch.add(["SET", keys.account(account.id), RedisArgument(try ItemCoding.encodeJSON(account))])
        }
        for gone in previous where !current.contains(gone) {
            try await batch.add(["ZREM", keys.accounts, RedisArgument(gone)])
            try await batch.add(["DEL", keys.account(gone)])
            try await forget(gone, refreshedAt: refreshedAt, batch: &batch)
        }
        try await batch.add(["SET", keys.accountsRefreshed, RedisArgument(refreshedAt)])
        try await batch.flush()
        return previous
    }

    /// Hands a removed account's generations to the collector and drops its bookkeeping.
    private func forget(_ account: String, refreshedAt: Int64, batch: inout RedisBatch) async throws {
        let pointers = try await redis.hgetall(keys.pointer(account))
        for (field, value) in pointers where !field.hasPrefix("seq:") {
            let generation = String(decoding: value, as: UTF8.self)
            try await batch.add(["ZADD", keys.garbage, RedisArgument(refreshedAt), RedisArgument(generation)])
            if field == SweepKind.iam.rawValue {
                for principal in try await redis.smembers(keys.principals(generation)) {
                    try await batch.add(["SREM", keys.principalAccounts(String(decoding: principal, as: UTF8.self)), RedisArgument(account)])
                }
            }
        }
        try await batch.add(["DEL", keys.pointer(account), keys.status(account), keys.schedule(account)])
    }

    /// When the account list was last read (epoch ms), or nil.
    func refreshedAt() async throws -> Int64? {
        try await redis.get(keys.accountsRefreshed).flatMap { String(validating: $0, as: UTF8.self) }.flatMap { Int64($0) }
    }
}
