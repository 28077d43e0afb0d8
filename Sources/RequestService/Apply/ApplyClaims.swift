import Foundation
import PorticoRedis
import PorticoService

/// Which requests are being applied right now, and by which process, so an apply cut off midway
/// (the process killed between its claim and its last write) is found and finished by the
/// recovery pass. Holding a claim is holding a `RedisLease` on `<prefix>:apply-claim:<id>`,
/// renewed while the apply runs (every third of `duration`); the id is also in the sorted set
/// `<prefix>:applying` (by claim time) until the apply's outcome is stored. An id in the set whose
/// lease has lapsed is a stale claim: its process died.
struct ApplyClaims: Sendable {
    let redis: RedisClient
    let prefix: String
    /// This process's identity as a holder.
    let holder: String
    let duration: Duration

    private var applying: RedisArgument { RedisArgument("\(prefix):applying") }
    /// What each claimed apply covers: a change id, or empty for every not-applied change.
    private var scopes: RedisArgument { RedisArgument("\(prefix):apply-scope") }

    private func key(_ id: String) -> String { "\(prefix):apply-claim:\(id)" }

    /// Takes the claim on `id` for one apply; nil when another apply (in this process or
    /// another) holds it.
    func hold(_ id: String, only: String?, now: Date) async throws -> RedisLease? {
        let lease = RedisLease(redis: redis, key: key(id), holder: "\(holder)-\(UUID().uuidString.prefix(8))", duration: duration)
        guard try await lease.acquire() else { return nil }
        _ = try await redis.send("HSET", scopes, RedisArgument(id), RedisArgument(only ?? ""))
        _ = try await redis.send("ZADD", applying, RedisArgument(Int(now.timeIntervalSince1970)), RedisArgument(id))
        return lease
    }

    /// The change a claimed apply of `id` was limited to; nil when it covered every change.
    func scope(_ id: String) async throws -> String? {
        guard let text = try await redis.send("HGET", scopes, RedisArgument(id)).string, !text.isEmpty else { return nil }
        return text
    }

    /// Gives the claim up once the apply's outcome is stored.
    func release(_ lease: RedisLease, id: String) async throws {
        try await forget(id)
        try await lease.release()
    }

    /// Forgets a listed id whose request holds no claim (its process died before writing it).
    func forget(_ id: String) async throws {
        _ = try await redis.send("ZREM", applying, RedisArgument(id))
        _ = try await redis.send("HDEL", scopes, RedisArgument(id))
    }

    /// Whether some live process holds the claim on `id`.
    func isHeld(_ id: String) async throws -> Bool {
        try await redis.get(RedisArgument(key(id))) != nil
    }

    /// Requests claimed by a process that is gone (the lease lapsed, the id still listed).
    func stale() async throws -> [String] {
        let ids = (try await redis.send("ZRANGE", applying, "0", "-1").array ?? []).compactMap(\.string)
        var stale: [String] = []
        for id in ids where try await !isHeld(id) { stale.append(id) }
        return stale
    }

    /// Runs `body` while renewing `lease`, so a long apply keeps its claim.
    func renewing<T: Sendable>(_ lease: RedisLease, _ body: () async throws -> T) async throws -> T {
        let interval = duration / 3
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                _ = try? await lease.renew()
            }
        }
        defer { heartbeat.cancel() }
        return try await body()
    }
}
