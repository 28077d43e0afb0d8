import Foundation
import Logging
import PorticoCrypto
import PorticoRedis
import Synchronization

/// Each user's Google Directory groups in Redis for `google.cache_ttl_seconds`, so sign-ins do
/// not ask Google every time.
///
/// Keys are `portico:auth:directory-groups:v1:<sha256 of the lowercased user, hex>`: one per
/// user whatever the spelling of their email, of fixed length, and not listing emails in Redis.
/// The value is a JSON array of group emails.
///
/// The cache never fails a lookup: when Redis cannot be reached the lookup goes to Google, the
/// first failure is logged as a warning and the recovery at info, with nothing in between.
/// An unreadable value counts as a miss and is overwritten.
final class DirectoryGroupCache: Sendable {
    static let keyPrefix = "portico:auth:directory-groups:v1:"

    private let redis: RedisClient
    private let ttl: Duration
    private let maxValueBytes: Int
    private let logger: Logger
    /// Whether the last Redis call failed (so only the first failure of an outage is logged).
    private let unavailable = Mutex(false)

    init(redis: RedisClient, ttl: Duration, maxValueBytes: Int, logger: Logger) {
        self.redis = redis
        self.ttl = ttl
        self.maxValueBytes = maxValueBytes
        self.logger = logger
    }

    /// The Redis key for `user`'s groups.
    static func key(for user: String) -> String {
        keyPrefix + Hex.encode(SHA256.hash(user.lowercased()))
    }

    /// The cached groups of `user`, or nil on a miss, an unreadable value, or Redis unavailable.
    func groups(of user: String) async -> [String]? {
        let stored: [UInt8]?
        do {
            stored = try await redis.get(RedisArgument(Self.key(for: user)))
            available()
        } catch {
            failed(error)
            return nil
        }
        guard let stored else { return nil }
        guard stored.count <= maxValueBytes,
              let groups = try? JSONDecoder().decode([String].self, from: Data(stored)) else {
            logger.debug("ignoring an unreadable cached group list", metadata: ["auth.user": "\(user)"])
            return nil
        }
        return groups
    }

    /// Caches `groups` as `user`'s for the TTL; a Redis failure is logged (once) and ignored.
    func store(_ groups: [String], of user: String) async {
        guard let value = try? JSONEncoder().encode(groups) else { return }
        do {
            try await redis.set(RedisArgument(Self.key(for: user)), RedisArgument(Array(value)), expiration: ttl)
            available()
        } catch {
            failed(error)
        }
    }

    private func failed(_ error: any Error) {
        let first = unavailable.withLock { wasUnavailable in
            defer { wasUnavailable = true }
            return !wasUnavailable
        }
        if first {
            logger.warning("Redis is unavailable for the group cache; resolving groups without it", metadata: [
                "redis.error": "\(error)",
            ])
        }
    }

    private func available() {
        let recovered = unavailable.withLock { wasUnavailable in
            defer { wasUnavailable = false }
            return wasUnavailable
        }
        if recovered { logger.info("Redis is available again for the group cache") }
    }
}
