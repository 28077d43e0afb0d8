import PorticoRedis
import PorticoService

/// The lease that makes one process the scheduler: PorticoService's `RedisLease` on the cache's
/// `lease` key. When the holder dies, the lease runs out and another process takes it.
struct SchedulerLease: Sendable {
    private let lease: RedisLease

    init(redis: RedisClient, keys: CacheKeys, holder: String, duration: Duration) {
        lease = RedisLease(
            redis: redis, key: String(decoding: keys.lease.bytes, as: UTF8.self), holder: holder, duration: duration)
    }

    var holder: String { lease.holder }
    var duration: Duration { lease.duration }

    /// Takes the lease when nobody holds it; true when this process holds it now.
    func acquire() async throws -> Bool { try await lease.acquire() }

    /// Extends the lease when this process still holds it; false when it was lost.
    func renew() async throws -> Bool { try await lease.renew() }

    /// Gives the lease up (only when held), so another process can take over at once.
    func release() async throws { try await lease.release() }

    /// Who holds the lease now, if anyone.
    func currentHolder() async throws -> String? { try await lease.currentHolder() }
}
