public import PorticoRedis

/// The cache's Redis key layout. Every key starts with the configured prefix `P`.
///
/// Per generation `G` (one sweep of one scope, written once, then made current by its pointer):
/// - `P i:G:<arn>` hash {doc: item JSON, hash: content digest} — one item, one small read
/// - `P n:G:<type>:<shard>` sorted set of `lowercased name \t arn` (score 0): the name index,
///   split into shards of at most `CacheKeys.shardSize` members so no index value grows large
/// - `P m:G` hash: the generation's scope, sequence, counts and shard counts per type
/// - `P a:G:<principal>` hash role ARN → `c` (console and CLI) or `l` (CLI only), and
///   `P ap:G` set of the principals it has: the authorization mapping of an IAM generation
///
/// Per account `A`:
/// - `P g:A` hash: scope field → current generation, `seq:<field>` → its sequence (the pointer;
///   one `HSET` makes a new generation current), `rev:<field>` → how often RefreshItem wrote
///   into it
/// - `P s:A` hash: scope field → sweep status JSON
/// - `P sched:A` hash: scope field → when the scope is next due (epoch ms)
///
/// Global:
/// - `P acct` sorted set of account ids, `P acct:A` account JSON, `P acct:refreshed`
/// - `P aa:<principal>` set of accounts whose current IAM generation names the principal
/// - `P loc:<arn>` account holding an S3 bucket (bucket ARNs carry no account)
/// - `P d:<role arn>` hash of the role's denied calls (`DeniedCalls`)
/// - `P jobs` stream (group `workers`), `P job:<id>` job record, `P delayed` retries by due time
/// - `P lease` scheduler lease, `P epoch` marker (absent after a flush: refill from DynamoDB;
///   `P refilling` while that runs),
///   `P gc` generations to delete by due time, `P seq` sequence counter
public struct CacheKeys: Sendable {
    public let prefix: String

    /// The most members one shard of a name index holds on average (with `shardBytes`, so an
    /// index value stays well under 1 MiB whatever the names and ARNs).
    public static let shardSize = 2000

    public init(prefix: String) { self.prefix = prefix }

    func key(_ suffix: String) -> RedisArgument { RedisArgument(prefix + suffix) }

    // MARK: Generations

    public func item(_ generation: String, _ arn: String) -> RedisArgument { key("i:\(generation):\(arn)") }
    public func names(_ generation: String, _ type: InventoryType, shard: Int) -> RedisArgument {
        key("n:\(generation):\(type.rawValue):\(shard)")
    }
    public func meta(_ generation: String) -> RedisArgument { key("m:\(generation)") }
    public func authorization(_ generation: String, _ principal: String) -> RedisArgument { key("a:\(generation):\(principal)") }
    public func principals(_ generation: String) -> RedisArgument { key("ap:\(generation)") }

    // MARK: Accounts

    public func pointer(_ account: String) -> RedisArgument { key("g:\(account)") }
    public func status(_ account: String) -> RedisArgument { key("s:\(account)") }
    public func schedule(_ account: String) -> RedisArgument { key("sched:\(account)") }
    public var accounts: RedisArgument { key("acct") }
    public func account(_ id: String) -> RedisArgument { key("acct:\(id)") }
    public var accountsRefreshed: RedisArgument { key("acct:refreshed") }
    public func principalAccounts(_ principal: String) -> RedisArgument { key("aa:\(principal)") }
    public func bucketLocation(_ arn: String) -> RedisArgument { key("loc:\(arn)") }
    public func denied(_ roleARN: String) -> RedisArgument { key("d:\(roleARN)") }

    // MARK: Distribution

    public var jobs: RedisArgument { key("jobs") }
    public static let workerGroup = "workers"
    public func job(_ id: String) -> RedisArgument { key("job:\(id)") }
    public var delayed: RedisArgument { key("delayed") }
    public var lease: RedisArgument { key("lease") }
    public var epoch: RedisArgument { key("epoch") }
    /// Set while a refill from DynamoDB runs; gone if Redis is emptied meanwhile.
    public var refilling: RedisArgument { key("refilling") }
    public var garbage: RedisArgument { key("gc") }
    public var sequence: RedisArgument { key("seq") }

    /// The name-index member of an item: sorts by lowercased name, then ARN.
    static func nameMember(name: String, arn: String) -> String { name.lowercased() + "\t" + arn }

    /// The ARN of a name-index member.
    static func arn(ofMember member: [UInt8]) -> String? {
        guard let tab = member.firstIndex(of: UInt8(ascii: "\t")) else { return nil }
        return String(validating: member[member.index(after: tab)...], as: UTF8.self)
    }

    /// Which shard of a type's name index holds `arn`, for a generation with `shards` shards.
    static func shard(of arn: String, shards: Int) -> Int {
        guard shards > 1 else { return 0 }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in arn.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return Int(hash % UInt64(shards))
    }

    /// The average size a shard of a name index is kept under.
    public static let shardBytes = 256 * 1024

    /// How many shards an index of `count` members of `bytes` bytes in all gets: at most
    /// `shardSize` members and about `shardBytes` bytes each.
    static func shardCount(for count: Int, bytes: Int = 0) -> Int {
        max(1, (count + shardSize - 1) / shardSize, (bytes + shardBytes - 1) / shardBytes)
    }
}
