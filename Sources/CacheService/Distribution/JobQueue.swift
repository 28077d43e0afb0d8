import Foundation
import Logging
import PorticoRedis

/// The sweep jobs on Redis: a stream with one consumer group that every worker of every
/// replica reads from, per-job records saying where each job is, and a sorted set of retries
/// waiting for their backoff to pass.
///
/// Delivery is at least once: an entry stays pending for its consumer until acknowledged; a
/// consumer that stops heartbeating loses it to `reclaim` after the visibility timeout.
struct JobQueue: Sendable {
    let redis: RedisClient
    let settings: CacheSettings
    let logger: Logger

    var keys: CacheKeys { settings.keys }

    /// A job as delivered: its stream entry id (to acknowledge) and the job.
    struct Delivery: Sendable {
        var entryID: String
        var job: SweepJob
    }

    /// Creates the stream and its consumer group when missing.
    func ensureGroup() async throws {
        try await redis.xgroupCreate(keys.jobs, group: CacheKeys.workerGroup, startID: "0")
    }

    /// The next sequence (rises across replicas, and across a flush of Redis).
    func nextSequence() async throws -> Int64 {
        let reply = try await redis.evaluate(CacheScripts.nextSequence, keys: [keys.sequence])
        guard let value = reply.int else { throw CacheError.corrupt("sequence script answered \(reply)") }
        return value
    }

    /// A new job for `scope`, with the next sequence (not enqueued yet).
    func makeJob(_ scope: SweepScope, reason: SweepJob.Reason) async throws -> SweepJob {
        let sequence = try await nextSequence()
        return SweepJob(
            id: "\(sequence)-\(UInt32.random(in: 0...UInt32.max))", scope: scope, sequence: sequence, reason: reason,
            enqueuedAt: Int64(Date().timeIntervalSince1970 * 1000))
    }

    /// Puts a new job for `scope` on the stream, with its record, and returns it.
    func enqueue(_ scope: SweepScope, reason: SweepJob.Reason) async throws -> SweepJob {
        let job = try await makeJob(scope, reason: reason)
        try await record(job, state: .queued)
        try await add(job)
        return job
    }

    /// Enqueues a scheduled job and sets its scope's next due time, in one step that happens only
    /// while the cache epoch is still `epoch`. Returns false when the epoch changed (Redis was
    /// emptied): nothing was written.
    func enqueueScheduled(_ job: SweepJob, nextDue: Int64, epoch: String) async throws -> Bool {
        let reply = try await redis.evaluate(
            CacheScripts.enqueueScheduled,
            keys: [keys.epoch, keys.schedule(job.scope.account), keys.job(job.id), keys.jobs],
            arguments: [
                RedisArgument(epoch), RedisArgument(job.scope.field), RedisArgument(nextDue),
                RedisArgument(try ItemCoding.encodeJSON(job)), RedisArgument(job.scope.account),
                RedisArgument(settings.jobRecordLifetime.wholeMilliseconds),
            ])
        return reply.int == 1
    }

    /// Appends a job to the stream.
    func add(_ job: SweepJob) async throws {
        try await redis.xadd(keys.jobs, fields: [("job", RedisArgument(try ItemCoding.encodeJSON(job)))])
    }

    /// Schedules `job` again (as its next attempt) once `delay` has passed.
    func retry(_ job: SweepJob, after delay: Duration, error: String) async throws {
        var next = job
        next.attempt += 1
        next.reason = .retry
        let due = try await redis.serverMilliseconds() + delay.wholeMilliseconds
        try await record(next, state: .queued, error: error)
        _ = try await redis.send(["ZADD", keys.delayed, RedisArgument(due), RedisArgument(try ItemCoding.encodeJSON(next))])
    }

    /// Moves due retries onto the stream; returns how many.
    @discardableResult
    func releaseDueRetries(limit: Int = 100) async throws -> Int {
        let reply = try await redis.evaluate(CacheScripts.releaseDelayed, keys: [keys.delayed, keys.jobs], arguments: [RedisArgument(limit)])
        return Int(reply.int ?? 0)
    }

    /// Up to `count` new jobs for `consumer`, waiting up to the stream block time for one.
    func read(consumer: String, count: Int = 1) async throws -> [Delivery] {
        do {
            let entries = try await redis.xreadgroup(
                keys.jobs, group: CacheKeys.workerGroup, consumer: consumer, count: count, block: settings.streamBlock)
            return try await deliveries(entries)
        } catch RedisError.server(let message) where message.hasPrefix("NOGROUP") || message.hasPrefix("UNBLOCKED") {
            // Redis lost the stream (a flush or a new server): recreate it; the scheduler refills.
            try await ensureGroup()
            return []
        }
    }

    /// Jobs whose consumer stopped heartbeating for the visibility timeout, now `consumer`'s.
    func reclaim(consumer: String, count: Int = 1) async throws -> [Delivery] {
        do {
            let claim = try await redis.xautoclaim(
                keys.jobs, group: CacheKeys.workerGroup, consumer: consumer, minIdle: settings.visibilityTimeout, count: count)
            if !claim.entries.isEmpty {
                logger.info("reclaimed jobs of a silent worker", metadata: ["entries": "\(claim.entries.map(\.id))"])
            }
            return try await deliveries(claim.entries)
        } catch RedisError.server(let message) where message.hasPrefix("NOGROUP") {
            try await ensureGroup()
            return []
        }
    }

    /// Keeps `entryID` with `consumer` (resets its idle time) while the job runs.
    func heartbeat(consumer: String, entryID: String) async throws {
        try await redis.xclaim(keys.jobs, group: CacheKeys.workerGroup, consumer: consumer, ids: [entryID])
    }

    func acknowledge(_ entryID: String) async throws {
        try await redis.xack(keys.jobs, group: CacheKeys.workerGroup, ids: [entryID])
        try await redis.xdel(keys.jobs, ids: [entryID])
    }

    /// Jobs waiting (on the stream, not yet delivered, plus retries waiting for their backoff)
    /// and jobs delivered and not yet acknowledged. Acknowledged entries are deleted, so the
    /// stream's length is the waiting plus the pending ones.
    func depth() async throws -> (waiting: Int, pending: Int) {
        let replies = try await redis.pipeline([["XLEN", keys.jobs], ["ZCARD", keys.delayed]])
        let length = Int(replies[0].int ?? 0)
        let delayed = Int(replies[1].int ?? 0)
        let pending: Int
        do {
            pending = try await redis.xpending(keys.jobs, group: CacheKeys.workerGroup).count
        } catch RedisError.server(let message) where message.hasPrefix("NOGROUP") {
            pending = 0
        }
        return (max(length - pending, 0) + delayed, pending)
    }

    // MARK: Job records

    /// Writes a job's record (never over a record that says done: a job completes once).
    func record(_ job: SweepJob, state: SweepJobState, error: String? = nil) async throws {
        _ = try await redis.evaluate(
            CacheScripts.recordJob, keys: [keys.job(job.id)],
            arguments: [
                RedisArgument(state.rawValue), RedisArgument(job.scope.account), RedisArgument(job.scope.field),
                RedisArgument(job.attempt), RedisArgument(settings.jobRecordLifetime.wholeMilliseconds),
                RedisArgument(String((error ?? "").prefix(2000))),
            ])
    }

    /// Marks a job running on `consumer`, unless it is already done (a reclaimed job whose
    /// earlier run had committed): then nil, and it must not run again. Otherwise the number of
    /// times the job has been started, this one included.
    func start(_ job: SweepJob, consumer: String) async throws -> Int? {
        let reply = try await redis.evaluate(
            CacheScripts.startJob, keys: [keys.job(job.id)],
            arguments: [
                RedisArgument(job.scope.account), RedisArgument(job.scope.field), RedisArgument(consumer),
                RedisArgument(job.attempt), RedisArgument(settings.jobRecordLifetime.wholeMilliseconds),
            ])
        if reply.isNull { return nil }
        guard let starts = reply.int else { throw CacheError.corrupt("start script answered \(reply)") }
        return Int(starts)
    }

    /// A job's record as stored.
    func progress(_ id: String) async throws -> JobProgress? {
        let fields = try await redis.hgetall(keys.job(id))
        guard let state = fields["state"].flatMap({ String(validating: $0, as: UTF8.self) }).flatMap(SweepJobState.init(rawValue:))
        else { return nil }
        func text(_ name: String) -> String? { fields[name].flatMap { String(validating: $0, as: UTF8.self) } }
        return JobProgress(
            id: id, state: state, account: text("account") ?? "", scope: text("scope") ?? "", error: text("error"),
            outcome: text("outcome"), commits: text("commits").flatMap { Int($0) } ?? 0)
    }

    /// Entries turned into jobs; an entry that is not a job is dropped (acknowledged) with a warning.
    private func deliveries(_ entries: [RedisStreamEntry]) async throws -> [Delivery] {
        var result: [Delivery] = []
        for entry in entries {
            if let bytes = entry["job"], let job = try? ItemCoding.decodeJSON(SweepJob.self, bytes, what: "job") {
                result.append(Delivery(entryID: entry.id, job: job))
            } else {
                logger.warning("dropping a stream entry that is not a sweep job", metadata: ["entry": "\(entry.id)"])
                try await acknowledge(entry.id)
            }
        }
        return result
    }
}

/// Where one job stands, as its record says.
public struct JobProgress: Sendable, Hashable {
    public var id: String
    public var state: SweepJobState
    public var account: String
    public var scope: String
    public var error: String?
    /// `committed`, or `superseded` when a newer sweep of the scope had already landed.
    public var outcome: String?
    /// How many times its generation was committed (0 or 1: a job completes once in effect).
    public var commits: Int

    public init(id: String, state: SweepJobState, account: String, scope: String, error: String?, outcome: String?, commits: Int) {
        self.id = id
        self.state = state
        self.account = account
        self.scope = scope
        self.error = error
        self.outcome = outcome
        self.commits = commits
    }
}
