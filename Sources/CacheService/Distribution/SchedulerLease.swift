import PorticoRedis

/// The lease that makes one process the scheduler: `SET NX PX` to take it, a compare-and-extend
/// script to renew it (only the holder can), a compare-and-delete to give it up. When the holder
/// dies, the lease runs out and another process takes it.
struct SchedulerLease: Sendable {
    let redis: RedisClient
    let keys: CacheKeys
    /// This process's identity as holder.
    let holder: String
    let duration: Duration

    /// Takes the lease when nobody holds it; true when this process holds it now.
    func acquire() async throws -> Bool {
        try await redis.set(keys.lease, RedisArgument(holder), expiration: duration, condition: .ifAbsent)
    }

    /// Extends the lease when this process still holds it; false when it was lost.
    func renew() async throws -> Bool {
        let reply = try await redis.evaluate(
            CacheScripts.renewLease, keys: [keys.lease],
            arguments: [RedisArgument(holder), RedisArgument(duration.wholeMilliseconds)])
        return reply.int == 1
    }

    /// Gives the lease up (only when held), so another process can take over at once.
    func release() async throws {
        _ = try await redis.evaluate(CacheScripts.releaseLease, keys: [keys.lease], arguments: [RedisArgument(holder)])
    }

    /// Who holds the lease now, if anyone.
    func currentHolder() async throws -> String? {
        try await redis.get(keys.lease).flatMap { String(validating: $0, as: UTF8.self) }
    }
}
