import Foundation
import PorticoAPI
import PorticoRedis

/// When each request's next applied temporary grant ends: a Redis sorted set of request ids by
/// end time (epoch seconds), written whenever a grant is applied or its expiry changes.
struct GrantExpirySchedule: Sendable {
    let redis: RedisClient
    let key: String

    func put(_ id: String, at end: Date) async throws {
        _ = try await redis.send("ZADD", RedisArgument(key), RedisArgument(Int(end.timeIntervalSince1970)), RedisArgument(id))
    }

    func remove(_ id: String) async throws {
        _ = try await redis.send("ZREM", RedisArgument(key), RedisArgument(id))
    }

    /// Requests with a grant ended by `now`.
    func due(at now: Date) async throws -> [String] {
        let ids = try await redis.send("ZRANGEBYSCORE", RedisArgument(key), "-inf", RedisArgument(Int(now.timeIntervalSince1970)))
        return (ids.array ?? []).compactMap(\.string)
    }

    /// The end of the request's earliest applied temporary grant.
    static func nextEnd(_ request: PolicyRequest) -> Date? {
        request.changes.changes
            .filter { $0.status == .applied }
            .compactMap { $0.expiresAt.flatMap { ISO8601DateFormatter().date(from: $0) } }
            .min()
    }

    /// Keeps the schedule in step with the request as stored.
    func track(_ request: PolicyRequest) async throws {
        if let next = Self.nextEnd(request) { try await put(request.id, at: next) } else { try await remove(request.id) }
    }
}
