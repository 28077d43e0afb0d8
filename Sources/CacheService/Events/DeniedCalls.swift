public import PorticoRedis

/// The calls each role was refused (CloudTrail `AccessDenied` / `UnauthorizedOperation`, from
/// the events queue), counted per action and resource with when it was last seen: ConsoleMe's
/// "CloudTrail errors by ARN". One Redis hash per role (`P d:<role ARN>`: `c\t<action>\t<resource>`
/// → count, `t\t…` → last seen, Unix ms), kept `retention` after its last denied call and
/// holding at most `maxPerRole` pairs.
public struct DeniedCalls: Sendable {
    /// One action refused on one resource.
    public struct Entry: Sendable, Hashable {
        public var action: String
        public var resource: String
        public var count: Int64
        /// Unix milliseconds.
        public var lastSeen: Int64

        public init(action: String, resource: String, count: Int64, lastSeen: Int64) {
            self.action = action
            self.resource = resource
            self.count = count
            self.lastSeen = lastSeen
        }
    }

    let redis: RedisClient
    let keys: CacheKeys
    let retention: Duration
    let maxPerRole: Int

    public init(redis: RedisClient, keys: CacheKeys, retention: Duration, maxPerRole: Int) {
        self.redis = redis
        self.keys = keys
        self.retention = retention
        self.maxPerRole = maxPerRole
    }

    /// Counts one denied call; returns false when the role already holds `maxPerRole` other
    /// pairs (the call is then not counted).
    @discardableResult
    func record(_ call: IAMChangeEvent.DeniedCall) async throws -> Bool {
        let pair = Self.field(action: call.action, resource: call.resource)
        let reply = try await redis.evaluate(Self.recordScript, keys: [keys.denied(call.roleARN)], arguments: [
            RedisArgument(pair), RedisArgument(String(call.at)), RedisArgument(String(maxPerRole)),
            RedisArgument(String(retention.components.seconds * 1000)),
        ])
        return reply.int == 1
    }

    /// Counts one denied call of `roleARN` (`at`: Unix ms, 0 for the server's now): what the
    /// events consumer does for each denied event, for tools and tests.
    @discardableResult
    public func record(roleARN: String, action: String, resource: String, at: Int64 = 0) async throws -> Bool {
        try await record(IAMChangeEvent.DeniedCall(roleARN: roleARN, action: action, resource: resource, at: at))
    }

    /// The role's denied calls, most frequent first (then most recent, then by action).
    public func entries(roleARN: String) async throws -> [Entry] {
        let fields = try await redis.hgetall(keys.denied(roleARN))
        var entries: [Entry] = []
        for (field, value) in fields where field.hasPrefix("c\t") {
            let parts = field.dropFirst(2).split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            let count = String(validating: value, as: UTF8.self).flatMap { Int64($0) } ?? 0
            let last = fields["t" + field.dropFirst()].flatMap { String(validating: $0, as: UTF8.self) }.flatMap { Int64($0) } ?? 0
            entries.append(Entry(action: String(parts[0]), resource: String(parts[1]), count: count, lastSeen: last))
        }
        return entries.sorted { ($1.count, $1.lastSeen, $0.action, $0.resource) < ($0.count, $0.lastSeen, $1.action, $1.resource) }
    }

    /// `<action>\t<resource>`, tabs in either replaced by spaces.
    static func field(action: String, resource: String) -> String {
        action.replacing("\t", with: " ") + "\t" + resource.replacing("\t", with: " ")
    }

    /// KEYS: the role's hash. ARGV: pair, seen at (ms; 0: the server's now), max pairs,
    /// retention ms. Returns 1 when counted, 0 when the role is full.
    static let recordScript = RedisScript(name: "record-denied-call", source: """
        local count = 'c\\t' .. ARGV[1]
        local last = 't\\t' .. ARGV[1]
        if redis.call('HEXISTS', KEYS[1], count) == 0 and redis.call('HLEN', KEYS[1]) >= 2 * tonumber(ARGV[3]) then
          return 0
        end
        local at = tonumber(ARGV[2])
        if at == 0 then
          local t = redis.call('TIME')
          at = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        end
        redis.call('HINCRBY', KEYS[1], count, 1)
        local previous = tonumber(redis.call('HGET', KEYS[1], last) or '0')
        if at > previous then redis.call('HSET', KEYS[1], last, at) end
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        return 1
        """)
}
