/// Commands on streams and consumer groups: a work queue that any number of processes share,
/// with at-least-once delivery (entries stay pending until acknowledged) and reclaiming of
/// entries whose consumer went away.
extension RedisClient {
    /// How an `XADD` trims the stream: to about `maxLength` entries (`MAXLEN ~`, cheap) or to
    /// exactly that many (`MAXLEN =`).
    public enum StreamTrim: Sendable, Hashable {
        case approximately(Int)
        case exactly(Int)
    }

    /// `XADD`: appends an entry with the given fields and returns its id. `id` defaults to `*`
    /// (the server picks a time-based id).
    @discardableResult
    public func xadd(
        _ key: RedisArgument, id: String = "*", fields: [(String, RedisArgument)], trim: StreamTrim? = nil
    ) async throws -> String {
        guard !fields.isEmpty else { throw RedisError.invalidCommand("XADD needs at least one field") }
        var command: [RedisArgument] = ["XADD", key]
        switch trim {
        case .none: break
        case .approximately(let length):
            guard length >= 0 else { throw RedisError.invalidCommand("XADD MAXLEN must not be negative") }
            command += ["MAXLEN", "~", RedisArgument(length)]
        case .exactly(let length):
            guard length >= 0 else { throw RedisError.invalidCommand("XADD MAXLEN must not be negative") }
            command += ["MAXLEN", "=", RedisArgument(length)]
        }
        command.append(RedisArgument(id))
        for (name, value) in fields { command += [RedisArgument(name), value] }
        let reply = try await send(command)
        guard let entryID = reply.string else { throw RedisValue.unexpected(reply, for: "XADD") }
        return entryID
    }

    /// `XGROUP CREATE … MKSTREAM`: creates the consumer group (and the stream when missing),
    /// delivering entries after `startID` (`$`: only new ones; `0`: everything already there).
    /// Returns false when the group already exists.
    @discardableResult
    public func xgroupCreate(_ key: RedisArgument, group: String, startID: String = "$") async throws -> Bool {
        do {
            _ = try await send(["XGROUP", "CREATE", key, RedisArgument(group), RedisArgument(startID), "MKSTREAM"])
            return true
        } catch RedisError.server(let message) where message.hasPrefix("BUSYGROUP") {
            return false
        }
    }

    /// `XREADGROUP … STREAMS key >`: up to `count` entries never delivered to the group, now
    /// pending for `consumer`. With `block`, waits up to that long for one to arrive (empty when
    /// none did). The wait must be shorter than the client's `commandTimeout`, which bounds
    /// every read.
    public func xreadgroup(
        _ key: RedisArgument, group: String, consumer: String, count: Int, block: Duration? = nil
    ) async throws -> [RedisStreamEntry] {
        guard count > 0 else { throw RedisError.invalidCommand("XREADGROUP COUNT must be positive") }
        var command: [RedisArgument] = [
            "XREADGROUP", "GROUP", RedisArgument(group), RedisArgument(consumer), "COUNT", RedisArgument(count),
        ]
        if let block {
            guard block > .zero, block < configuration.commandTimeout else {
                throw RedisError.invalidCommand("XREADGROUP BLOCK must be positive and shorter than the command timeout")
            }
            command += ["BLOCK", RedisArgument(block.milliseconds)]
        }
        command += ["STREAMS", key, ">"]
        let reply = try await send(command)
        if reply.isNull { return [] }
        guard case .array(let streams) = reply else { throw RedisValue.unexpected(reply, for: "XREADGROUP") }
        var entries: [RedisStreamEntry] = []
        for stream in streams {
            guard case .array(let parts) = stream, parts.count == 2 else {
                throw RedisValue.unexpected(stream, for: "XREADGROUP")
            }
            entries += try Self.streamEntries(parts[1], for: "XREADGROUP")
        }
        return entries
    }

    /// `XACK`: acknowledges entries of the group; returns how many were pending.
    @discardableResult
    public func xack(_ key: RedisArgument, group: String, ids: [String]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return Int(try await send(["XACK", key, RedisArgument(group)] + ids.map { RedisArgument($0) }).integer(for: "XACK"))
    }

    /// `XAUTOCLAIM`: transfers to `consumer` up to `count` pending entries idle for at least
    /// `minIdle`, scanning the pending list from `start`. Each claimed entry's delivery count
    /// goes up by one.
    public func xautoclaim(
        _ key: RedisArgument, group: String, consumer: String, minIdle: Duration, start: String = "0-0", count: Int = 100
    ) async throws -> RedisStreamClaim {
        guard count > 0 else { throw RedisError.invalidCommand("XAUTOCLAIM COUNT must be positive") }
        guard minIdle >= .zero else { throw RedisError.invalidCommand("XAUTOCLAIM min-idle-time must not be negative") }
        let reply = try await send([
            "XAUTOCLAIM", key, RedisArgument(group), RedisArgument(consumer), RedisArgument(minIdle.milliseconds),
            RedisArgument(start), "COUNT", RedisArgument(count),
        ])
        guard case .array(let parts) = reply, parts.count >= 2, let next = parts[0].string else {
            throw RedisValue.unexpected(reply, for: "XAUTOCLAIM")
        }
        let entries = try Self.streamEntries(parts[1], for: "XAUTOCLAIM")
        let deleted = parts.count > 2 ? try parts[2].bytesArray(for: "XAUTOCLAIM").map { String(decoding: $0, as: UTF8.self) } : []
        return RedisStreamClaim(nextStart: next, entries: entries, deletedIDs: deleted)
    }

    /// `XCLAIM … JUSTID`: takes the entries for `consumer` when idle for at least `minIdle`
    /// (zero: always), resetting their idle time without counting a delivery. A consumer calls
    /// it on its own entries as a heartbeat, so a long job is not reclaimed from a live worker.
    /// Returns the ids it now holds.
    @discardableResult
    public func xclaim(
        _ key: RedisArgument, group: String, consumer: String, minIdle: Duration = .zero, ids: [String]
    ) async throws -> [String] {
        guard !ids.isEmpty else { return [] }
        guard minIdle >= .zero else { throw RedisError.invalidCommand("XCLAIM min-idle-time must not be negative") }
        let command: [RedisArgument] = ["XCLAIM", key, RedisArgument(group), RedisArgument(consumer),
                                        RedisArgument(minIdle.milliseconds)] + ids.map { RedisArgument($0) } + ["JUSTID"]
        return try await send(command).bytesArray(for: "XCLAIM").map { String(decoding: $0, as: UTF8.self) }
    }

    /// `XPENDING key group`: the group's pending-list summary.
    public func xpending(_ key: RedisArgument, group: String) async throws -> RedisPendingSummary {
        let reply = try await send(["XPENDING", key, RedisArgument(group)])
        guard case .array(let parts) = reply, parts.count == 4 else { throw RedisValue.unexpected(reply, for: "XPENDING") }
        let count = try parts[0].integer(for: "XPENDING")
        var consumers: [String: Int] = [:]
        if case .array(let rows) = parts[3] {
            for row in rows {
                guard case .array(let pair) = row, pair.count == 2, let name = pair[0].string, let held = pair[1].int else {
                    throw RedisValue.unexpected(row, for: "XPENDING")
                }
                consumers[name] = Int(held)
            }
        }
        return RedisPendingSummary(count: Int(count), lowestID: parts[1].string, highestID: parts[2].string, consumers: consumers)
    }

    /// `XPENDING key group [IDLE ms] - + count [consumer]`: pending entries in id order.
    public func xpending(
        _ key: RedisArgument, group: String, minIdle: Duration? = nil, count: Int, consumer: String? = nil
    ) async throws -> [RedisPendingEntry] {
        guard count > 0 else { throw RedisError.invalidCommand("XPENDING count must be positive") }
        var command: [RedisArgument] = ["XPENDING", key, RedisArgument(group)]
        if let minIdle { command += ["IDLE", RedisArgument(minIdle.milliseconds)] }
        command += ["-", "+", RedisArgument(count)]
        if let consumer { command.append(RedisArgument(consumer)) }
        let reply = try await send(command)
        guard case .array(let rows) = reply else { throw RedisValue.unexpected(reply, for: "XPENDING") }
        return try rows.map { row in
            guard case .array(let fields) = row, fields.count == 4, let id = fields[0].string, let owner = fields[1].string,
                  let idle = fields[2].int, let deliveries = fields[3].int
            else { throw RedisValue.unexpected(row, for: "XPENDING") }
            return RedisPendingEntry(id: id, consumer: owner, idle: .milliseconds(idle), deliveries: Int(deliveries))
        }
    }

    /// `XLEN`: entries in the stream (0 when it does not exist).
    public func xlen(_ key: RedisArgument) async throws -> Int {
        Int(try await send(["XLEN", key]).integer(for: "XLEN"))
    }

    /// `XDEL`: removes entries; returns how many existed.
    @discardableResult
    public func xdel(_ key: RedisArgument, ids: [String]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return Int(try await send(["XDEL", key] + ids.map { RedisArgument($0) }).integer(for: "XDEL"))
    }

    /// `XINFO GROUPS`: each group's name, consumers, pending entries and lag (entries not yet
    /// delivered to it; nil when Redis cannot tell, or before Redis 7).
    public func xinfoGroups(_ key: RedisArgument) async throws -> [RedisStreamGroupInfo] {
        let reply = try await send(["XINFO", "GROUPS", key])
        guard case .array(let groups) = reply else { throw RedisValue.unexpected(reply, for: "XINFO GROUPS") }
        return try groups.map { group in
            guard case .array(let flat) = group, flat.count.isMultiple(of: 2) else {
                throw RedisValue.unexpected(group, for: "XINFO GROUPS")
            }
            var fields: [String: RedisValue] = [:]
            for index in stride(from: 0, to: flat.count, by: 2) {
                if let name = flat[index].string { fields[name] = flat[index + 1] }
            }
            guard let name = fields["name"]?.string else { throw RedisValue.unexpected(group, for: "XINFO GROUPS") }
            return RedisStreamGroupInfo(
                name: name, consumers: Int(fields["consumers"]?.int ?? 0), pending: Int(fields["pending"]?.int ?? 0),
                lag: fields["lag"]?.int.map { Int($0) })
        }
    }

    /// Entries as `[[id, [field, value, …]], …]`; an entry whose fields are nil (deleted while
    /// pending) comes back with no fields.
    static func streamEntries(_ value: RedisValue, for command: String) throws(RedisError) -> [RedisStreamEntry] {
        if value.isNull { return [] }
        guard case .array(let rows) = value else { throw RedisValue.unexpected(value, for: command) }
        var entries: [RedisStreamEntry] = []
        entries.reserveCapacity(rows.count)
        for row in rows {
            guard case .array(let parts) = row, parts.count == 2, let id = parts[0].string else {
                throw RedisValue.unexpected(row, for: command)
            }
            var fields: [RedisStreamEntry.Field] = []
            if case .array(let flat) = parts[1] {
                guard flat.count.isMultiple(of: 2) else { throw RedisValue.unexpected(row, for: command) }
                for index in stride(from: 0, to: flat.count, by: 2) {
                    guard let name = flat[index].string, let value = flat[index + 1].bytes else {
                        throw RedisValue.unexpected(row, for: command)
                    }
                    fields.append(RedisStreamEntry.Field(name: name, value: value))
                }
            }
            entries.append(RedisStreamEntry(id: id, fields: fields))
        }
        return entries
    }
}

/// One consumer group of a stream, as `XINFO GROUPS` describes it.
public struct RedisStreamGroupInfo: Sendable, Hashable {
    public var name: String
    public var consumers: Int
    public var pending: Int
    /// Entries added to the stream and not yet delivered to the group (Redis 7+).
    public var lag: Int?

    public init(name: String, consumers: Int, pending: Int, lag: Int?) {
        self.name = name
        self.consumers = consumers
        self.pending = pending
        self.lag = lag
    }
}
