import Logging
import PorticoRedis
public import ServiceLifecycle
import Synchronization

/// Puts sweep jobs on the stream, one process at a time: a lifecycle `Service` that every
/// replica runs, of which only the holder of the Redis lease acts. The holder renews the lease
/// every third of its duration; when it dies the lease runs out and another replica takes over.
///
/// Each pass (every `scheduler_tick`) the holder:
/// 1. refills an emptied Redis from DynamoDB (when the epoch marker is missing), before anything
///    else, so a lost Redis costs no AWS sweep;
/// 2. reads the account list again when its interval has passed;
/// 3. enqueues every scope that is due — never swept, or one interval after it was last
///    enqueued — and moves retries whose backoff has passed onto the stream;
/// 4. deletes replaced and abandoned generations, and updates the queue and freshness metrics.
public final class SweepScheduler: Service, Sendable {
    private let redis: RedisClient
    private let settings: CacheSettings
    private let source: AccountSource
    private let backup: InventoryBackup?
    private let queue: JobQueue
    private let metrics: CacheMetrics
    private let logger: Logger
    private let lease: SchedulerLease
    private let state = Mutex(State())

    private struct State {
        var isLeader = false
        var restoreFailures = 0
        var completedPasses = 0
    }

    /// Whether this process holds the scheduler lease now.
    public var isLeader: Bool { state.withLock { $0.isLeader } }

    /// Passes this process has completed as the holder (for health checks and tests).
    public var completedPasses: Int { state.withLock { $0.completedPasses } }

    init(
        redis: RedisClient, settings: CacheSettings, source: AccountSource, backup: InventoryBackup?, queue: JobQueue,
        metrics: CacheMetrics, logger: Logger, holder: String
    ) {
        self.redis = redis
        self.settings = settings
        self.source = source
        self.backup = backup
        self.queue = queue
        self.metrics = metrics
        self.logger = logger
        self.lease = SchedulerLease(redis: redis, keys: settings.keys, holder: holder, duration: settings.leaseDuration)
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.holdLease() }
                group.addTask { await self.schedule() }
            }
        }
        if state.withLock({ $0.isLeader }) {
            try? await lease.release()
            setLeader(false)
        }
        logger.info("sweep scheduler stopped")
    }

    /// Takes and renews the lease, every third of its duration.
    private func holdLease() async {
        while !Task.isCancelled {
            let wasLeader = isLeader
            do {
                let holds = wasLeader ? try await lease.renew() : try await lease.acquire()
                if holds != wasLeader {
                    logger.info(holds ? "took the scheduler lease" : "lost the scheduler lease")
                }
                setLeader(holds)
            } catch {
                if wasLeader { logger.warning("cannot renew the scheduler lease", metadata: ["error": "\(error)"]) }
                setLeader(false)
            }
            try? await Task.sleep(for: settings.leaseDuration / 3)
        }
    }

    private func setLeader(_ value: Bool) {
        state.withLock { $0.isLeader = value }
        metrics.leader(value)
    }

    /// One pass per tick while this process holds the lease.
    private func schedule() async {
        while !Task.isCancelled {
            if isLeader {
                do { try await pass() } catch {
                    if Task.isCancelled { break }
                    logger.warning("scheduler pass failed", metadata: ["error": "\(JobRunner.describe(error))"])
                }
            }
            try? await Task.sleep(for: settings.schedulerTick)
        }
    }

    /// Redis was emptied while a pass ran: the pass stops, and the next one refills first.
    struct EpochChanged: Error {}

    /// Everything the scheduler does in one tick (see the type's documentation). Every step
    /// that could reach AWS or enqueue a sweep first checks that the cache epoch is still the
    /// one the pass started with, so a flush in the middle of a pass never turns into a sweep of
    /// what the refill is about to restore.
    func pass() async throws {
        guard let epoch = try await prepareEpoch() else { return }
        do {
            let accounts = try await refreshAccounts(epoch: epoch)
            try await enqueueDue(accounts, epoch: epoch)
        } catch is EpochChanged {
            logger.info("Redis was emptied during a scheduler pass; the next pass refills it")
            return
        }
        try await queue.releaseDueRetries()
        try await GenerationCollector(redis: redis, settings: settings, logger: logger).collectDue()
        try await reportMetrics(try await InventoryReader(redis: redis, settings: settings).accountIDs())
        state.withLock { $0.completedPasses += 1 }
    }

    /// The cache epoch: when Redis has lost the cache (no epoch marker), refills it from
    /// DynamoDB first and starts a new epoch. Nil when scheduling must wait (the refill failed,
    /// or Redis was emptied again while it ran).
    private func prepareEpoch() async throws -> String? {
        let keys = settings.keys
        if let epoch = try await redis.get(keys.epoch) { return String(decoding: epoch, as: UTF8.self) }
        let token = "\(try await redis.serverMilliseconds())-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
        try await redis.set(keys.refilling, RedisArgument(token), expiration: .seconds(3600))
        try await queue.ensureGroup()
        if let backup {
            do {
                try await backup.ensureTables()
                try await InventoryRestore(redis: redis, settings: settings, backup: backup, queue: queue, logger: logger).restore()
            } catch {
                let failures = state.withLock { state in
                    state.restoreFailures += 1
                    return state.restoreFailures
                }
                logger.warning("cannot refill the cache from DynamoDB", metadata: [
                    "error": "\(JobRunner.describe(error))", "attempt": "\(failures)",
                ])
                // After a few failed attempts, sweeping AWS again beats serving nothing.
                guard failures >= 3 else { return nil }
            }
        }
        state.withLock { $0.restoreFailures = 0 }
        let finished = try await redis.evaluate(
            CacheScripts.finishRefill, keys: [keys.refilling, keys.epoch], arguments: [RedisArgument(token)])
        guard finished.int == 1 else {
            logger.info("Redis was emptied while it was being refilled; refilling again")
            return nil
        }
        return token
    }

    /// Throws `EpochChanged` when the cache epoch is no longer `epoch`.
    private func check(_ epoch: String) async throws {
        guard try await redis.get(settings.keys.epoch) == Array(epoch.utf8) else { throw EpochChanged() }
    }

    /// The account ids, read again from their source when due.
    private func refreshAccounts(epoch: String) async throws -> [String] {
        let directory = AccountDirectory(redis: redis, keys: settings.keys)
        let now = try await redis.serverMilliseconds()
        let refreshed = try await directory.refreshedAt()
        if refreshed.map({ now - $0 >= settings.accountsInterval.wholeMilliseconds }) ?? true {
            try await check(epoch)
            do {
                let accounts = try await source.accounts(logger: logger, calls: AWSCallTally())
                try await check(epoch)
                let previous = try await directory.store(accounts, refreshedAt: now)
                if let backup { try await backup.saveAccounts(accounts, previous: previous) }
                logger.info("account list read", metadata: ["accounts": "\(accounts.count)"])
            } catch let error where !(error is EpochChanged) {
                logger.warning("cannot read the account list; keeping the cached one", metadata: [
                    "error": "\(JobRunner.describe(error))",
                ])
            }
        }
        return try await InventoryReader(redis: redis, settings: settings).accountIDs()
    }

    /// Enqueues every scope whose next due time has come (each only while the epoch holds).
    private func enqueueDue(_ accounts: [String], epoch: String) async throws {
        let keys = settings.keys
        let now = try await redis.serverMilliseconds()
        var enqueued = 0
        for chunk in accounts.chunked(128) {
            let schedules = try await redis.pipeline(chunk.map { ["HGETALL", keys.schedule($0)] })
            for (account, reply) in zip(chunk, schedules) {
                var due: [String: Int64] = [:]
                let flat = reply.array ?? []
                for index in stride(from: 0, to: flat.count - 1, by: 2) {
                    if let field = flat[index].string, let at = flat[index + 1].int { due[field] = at }
                }
                for scope in settings.scopes(of: account) where (due[scope.field] ?? 0) <= now {
                    let job = try await queue.makeJob(scope, reason: .scheduled)
                    let nextDue = now + settings.interval(scope.kind).wholeMilliseconds
                    guard try await queue.enqueueScheduled(job, nextDue: nextDue, epoch: epoch) else { throw EpochChanged() }
                    enqueued += 1
                }
            }
        }
        if enqueued > 0 { logger.info("sweep jobs enqueued", metadata: ["jobs": "\(enqueued)"]) }
    }

    private func reportMetrics(_ accounts: [String]) async throws {
        let depth = try await queue.depth()
        metrics.queue(waiting: depth.waiting, pending: depth.pending)
        let now = try await redis.serverMilliseconds()
        for (scope, status) in try await InventoryReader(redis: redis, settings: settings).status(accounts: accounts) {
            if let success = status.lastSuccessAt { metrics.lastSuccessAge(scope, seconds: Double(now - success) / 1000) }
        }
    }
}
