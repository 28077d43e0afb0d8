import Foundation
import PorticoAPI
import PorticoCore
import PorticoRedis
import Synchronization

/// The list behind `POST /api/v2/requests`, kept current on every write: a sorted set of request
/// ids by request time and a hash of their rows (`PolicyRequestRow` JSON). After a Redis flush
/// (the marker key is gone) it is rebuilt from DynamoDB before the next page is served. Sorted
/// sets per status and per requester let the common filters page without reading every row.
/// A filtered page tests every row: each process keeps the rows decoded (`RowSnapshot`) and reads
/// them again only when the index's version (bumped by every write) has moved.
struct RequestListIndex: Sendable {
    let redis: RedisClient
    let prefix: String
    let snapshot = RowSnapshot()

    var byTime: RedisArgument { RedisArgument(prefix + ":by_time") }
    var rows: RedisArgument { RedisArgument(prefix + ":rows") }
    var built: RedisArgument { RedisArgument(prefix + ":built") }
    var version: RedisArgument { RedisArgument(prefix + ":version") }
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
        commands.append(["INCR", version])
        _ = try await redis.pipeline(commands)
    }

    /// Whether the index holds every stored request (false after a flush).
    func isBuilt() async throws -> Bool { try await redis.exists(built) == 1 }

    /// Refills the index from the stored requests.
    func rebuild(from requests: [PolicyRequest]) async throws {
        // A fresh version base: no process's snapshot of the index before the flush can match.
        _ = try await redis.send("SET", version, RedisArgument(String(Int64.random(in: 1_000_000...Int64(1) << 48))))
        for request in requests { try await put(request) }
        _ = try await redis.set(built, "1")
    }

    /// One page of `source`, newest first (oldest with `ascending`), from position `cursor`:
    /// without `matches` straight from the sorted set; with it, every row of the source is tested
    /// (from this process's snapshot of the rows). Answers the rows, how many the whole index holds, how many match, and where the
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
        let newestFirst = try await snapshotRows()
        let inSource: (PolicyRequestRow) -> Bool = switch source {
        case .all: { _ in true }
        case .status(let status): { $0.status == status }
        case .user(let user): { [user = user.lowercased()] in $0.username.lowercased() == user }
        }
        var page: [PolicyRequestRow] = []
        var filtered = 0
        var next: Int?
        for row in ascending ? Array(newestFirst.reversed()) : newestFirst where inSource(row) && matches(row) {
            if filtered >= cursor {
                if page.count < limit { page.append(row) } else if next == nil { next = filtered }
            }
            filtered += 1
        }
        return (page, total, filtered, next)
    }

    /// Every row, newest first (the by-time set's order), from this process's snapshot when the
    /// index has not been written since; else read again (the version first, so a write racing
    /// the read only makes the next call read again).
    private func snapshotRows() async throws -> [PolicyRequestRow] {
        let current = try await redis.send("GET", version).string.flatMap { Int64($0) } ?? 0
        if let kept = snapshot.rows(at: current) { return kept }
        let replies = try await redis.pipeline([["GET", version], ["ZREVRANGE", byTime, 0, -1], ["HGETALL", rows]])
        let readAt = replies[0].string.flatMap { Int64($0) } ?? 0
        let flat = replies[2].array ?? []
        var byID: [String: PolicyRequestRow] = [:]
        byID.reserveCapacity(flat.count / 2)
        let decoder = APIJSON.decoder()
        for index in stride(from: 0, to: flat.count - 1, by: 2) {
            guard let id = flat[index].string, let bytes = flat[index + 1].bytes,
                  let row = try? decoder.decode(PolicyRequestRow.self, from: Data(bytes)) else { continue }
            byID[id] = row
        }
        let ordered = (replies[1].array ?? []).compactMap { $0.string.flatMap { byID[$0] } }
        snapshot.keep(ordered, at: readAt)
        return ordered
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

/// One process's decoded rows of the list index and the index version they were read at.
final class RowSnapshot: Sendable {
    private let kept = Mutex<(version: Int64, rows: [PolicyRequestRow])?>(nil)

    /// The rows, if they were read at `version`.
    func rows(at version: Int64) -> [PolicyRequestRow]? {
        kept.withLock { $0?.version == version ? $0?.rows : nil }
    }

    func keep(_ rows: [PolicyRequestRow], at version: Int64) { kept.withLock { $0 = (version, rows) } }
}
