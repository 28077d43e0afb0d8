public import PorticoRedis

/// A lease that makes one process at a time the holder of a job (the cache's scheduler, the
/// audit archiver): `SET NX PX` to take it, a compare-and-extend script to renew it (only the
/// holder can), a compare-and-delete to give it up. When the holder dies, the lease runs out and
/// another process takes it.
public struct RedisLease: Sendable {
    public let redis: RedisClient
    public let key: String
    /// This process's identity as holder.
    public let holder: String
    public let duration: Duration

    public init(redis: RedisClient, key: String, holder: String, duration: Duration) {
        self.redis = redis
        self.key = key
        self.holder = holder
        self.duration = duration
    }

    /// Takes the lease when nobody holds it; true when this process holds it now.
    public func acquire() async throws -> Bool {
        try await redis.set(RedisArgument(key), RedisArgument(holder), expiration: duration, condition: .ifAbsent)
    }

    /// Extends the lease when this process still holds it; false when it was lost.
    public func renew() async throws -> Bool {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        let reply = try await redis.evaluate(
            Self.renewScript, keys: [RedisArgument(key)], arguments: [RedisArgument(holder), RedisArgument(milliseconds)])
        return reply.int == 1
    }

    /// Gives the lease up (only when held), so another process can take over at once.
    public func release() async throws {
        _ = try await redis.evaluate(Self.releaseScript, keys: [RedisArgument(key)], arguments: [RedisArgument(holder)])
    }

    /// Who holds the lease now, if anyone.
    public func currentHolder() async throws -> String? {
        try await redis.get(RedisArgument(key)).flatMap { String(validating: $0, as: UTF8.self) }
    }

    /// Extends a lease only when held: KEYS lease; ARGV holder, milliseconds.
    static let renewScript = RedisScript(name: "renew-lease", source: """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """)

    /// Gives a lease up only when held: KEYS lease; ARGV holder.
    static let releaseScript = RedisScript(name: "release-lease", source: """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """)
}
