public import PorticoRedis

/// Reads an audit stream's entries in id order, as chained events (nil for an entry written
/// before the chain existed).
public struct AuditStreamReader: Sendable {
    public let redis: RedisClient
    public let keys: AuditKeys

    public init(redis: RedisClient, stream: String) {
        self.redis = redis
        self.keys = AuditKeys(stream: stream)
    }

    /// Up to `count` entries after the entry `id` (from the start when nil).
    public func entries(after id: String?, count: Int) async throws -> [(id: String, event: ChainedAuditEvent?)] {
        let start = id.map { "(" + $0 } ?? "-"
        let reply = try await redis.send(["XRANGE", keys.streamKey, RedisArgument(start), "+", "COUNT", RedisArgument(count)])
        guard let rows = reply.array else { throw RedisError.protocol("XRANGE answered \(reply)") }
        return try rows.map { row in
            guard let parts = row.array, parts.count == 2, let entryID = parts[0].string, let flat = parts[1].array,
                  flat.count.isMultiple(of: 2)
            else { throw RedisError.protocol("XRANGE answered an entry of an unexpected shape") }
            var fields: [AuditField] = []
            for index in stride(from: 0, to: flat.count, by: 2) {
                fields.append(AuditField(flat[index].string ?? "", flat[index + 1].string ?? ""))
            }
            return (entryID, ChainedAuditEvent(entry: entryID, fields: fields))
        }
    }

    /// Every entry, oldest first.
    public func allEntries(batch: Int = 5_000) async throws -> [(id: String, event: ChainedAuditEvent?)] {
        var all: [(id: String, event: ChainedAuditEvent?)] = []
        var last: String?
        while true {
            let page = try await entries(after: last, count: batch)
            all += page
            guard page.count == batch, let tail = page.last else { return all }
            last = tail.id
        }
    }

    /// The chain head: the last sequence number given out (0 when none).
    public func headSeq() async throws -> Int {
        Int(try await redis.hget(keys.head, "seq").flatMap { String(validating: $0, as: UTF8.self) }.flatMap { Int($0) } ?? 0)
    }
}
