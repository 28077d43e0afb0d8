import Foundation
import PorticoAPI
import PorticoCore
import PorticoRedis

/// The list behind `POST /api/v2/requests`, kept current on every write: a sorted set of request
/// ids by request time and a hash of their rows (`PolicyRequestRow` JSON). After a Redis flush
/// (the marker key is gone) it is rebuilt from DynamoDB before the next page is served. Sorted
/// sets per status and per requester let the common filters page without reading every row.
struct RequestListIndex: Sendable {
    let redis: RedisClient
    let prefix: String

    var byTime: RedisArgument { RedisArgument(prefix + ":by_time") }
    var rows: RedisArgument { RedisArgument(prefix + ":rows") }
    var built: RedisArgument { RedisArgument(prefix + ":built") }
    func byStatus(_ status: String) -> RedisArgument { RedisArgument(prefix + ":status:" + status) }
    func byUser(_ user: String) -> RedisArgument { RedisArgument(prefix + ":user:" + user.lowercased()) }

    /// Which sorted set a page reads from.
    enum Source: Sendable {
        case all
        case status(String)
        case user(String)
    }

    func key(_ source: Source) -> RedisArgument {
        switch source {
        case .all: byTime
        case .status(let status): byStatus(status)
        case .user(let user): byUser(user)
        }
    }

    static func row(_ request: PolicyRequest) -> PolicyRequestRow {
        PolicyRequestRow(
            requestID: request.id, arn: request.principal.principalARN, username: request.requesterEmail,
            status: request.requestStatus.rawValue,
            requestTime: PolicyRequestItem.epoch(request.timestamp) ?? request.lastUpdated,
            lastUpdated: request.lastUpdated, justification: request.justification)
    }

    /// Puts (or replaces) the request's row.
    func put(_ request: PolicyRequest) async throws {
        let row = Self.row(request)
        let id = RedisArgument(row.requestID)
        let time = RedisArgument(row.requestTime)
        var commands: [[RedisArgument]] = [
            ["ZADD", byTime, time, id],
            ["ZADD", byUser(row.username), time, id],
            ["HSET", rows, id, RedisArgument(Array(try APIJSON.encode(row)))],
        ]
        for status in ["pending", "approved", "rejected", "cancelled", "expired"] where status != row.status {
            commands.append(["ZREM", byStatus(status), id])
        }
        commands.append(["ZADD", byStatus(row.status), time, id])
        _ = try await redis.pipeline(commands)
    }

    /// Whether the index holds every stored request (false after a flush).
    func isBuilt() async throws -> Bool { try await redis.exists(built) == 1 }

    /// Refills the index from the stored requests.
    func rebuild(from requests: [PolicyRequest]) async throws {
        for request in requests { try await put(request) }
        _ = try await redis.set(built, "1")
    }

    /// One page of `source`, newest first (oldest with `ascending`), from position `cursor`:
    /// without `matches` straight from the sorted set; with it, every row of the set is read and
    /// tested. Answers the rows, how many the whole index holds, how many match, and where the
    /// next page starts.
    func page(
        source: Source, limit: Int, cursor: Int, ascending: Bool, matches: ((PolicyRequestRow) -> Bool)?
    ) async throws -> (rows: [PolicyRequestRow], total: Int, filtered: Int, next: Int?) {
        let total = Int(try await redis.send("ZCARD", byTime).int ?? 0)
        let range: RedisArgument = ascending ? "ZRANGE" : "ZREVRANGE"
        guard let matches else {
            let filtered = Int(try await redis.send("ZCARD", key(source)).int ?? 0)
            let ids = try await redis.send(range, key(source), RedisArgument(cursor), RedisArgument(cursor + limit - 1)).array ?? []
            let rows = try await rows(ids)
            let next = cursor + limit < filtered ? cursor + limit : nil
            return (rows, total, filtered, next)
        }
        let ids = try await redis.send(range, key(source), 0, -1).array ?? []
        var page: [PolicyRequestRow] = []
        var filtered = 0
        var next: Int?
        let chunk = 500
        var start = 0
        while start < ids.count {
            let slice = Array(ids[start..<min(start + chunk, ids.count)])
            for row in try await rows(slice) where matches(row) {
                if filtered >= cursor {
                    if page.count < limit { page.append(row) } else if next == nil { next = filtered }
                }
                filtered += 1
            }
            start += chunk
        }
        return (page, total, filtered, next)
    }

    private func rows(_ ids: [RedisValue]) async throws -> [PolicyRequestRow] {
        let arguments = ids.compactMap { $0.bytes.map(RedisArgument.init) }
        guard !arguments.isEmpty else { return [] }
        let values = try await redis.send(["HMGET", rows] + arguments).array ?? []
        let decoder = APIJSON.decoder()
        return values.compactMap { value in
            value.bytes.flatMap { try? decoder.decode(PolicyRequestRow.self, from: Data($0)) }
        }
    }
}
