import Logging
import PorticoRedis

/// Refills an empty Redis from the DynamoDB backup, with no AWS call: the account list, every
/// scope's items as a committed generation (the IAM ones with their authorization mapping), the
/// statuses, and the schedule (each scope next due one interval after its last success).
struct InventoryRestore {
    let redis: RedisClient
    let settings: CacheSettings
    let backup: InventoryBackup
    let queue: JobQueue
    let logger: Logger

    /// Returns how many scopes were restored.
    @discardableResult
    func restore() async throws -> Int {
        let snapshot = try await backup.load()
        guard !snapshot.isEmpty else { return 0 }
        let keys = settings.keys
        let now = try await redis.serverMilliseconds()
        if !snapshot.accounts.isEmpty {
            try await AccountDirectory(redis: redis, keys: keys).store(
                snapshot.accounts.sorted { $0.id < $1.id }, refreshedAt: now)
        }
        let writer = GenerationWriter(redis: redis, settings: settings, logger: logger)
        let committer = GenerationCommitter(redis: redis, settings: settings)
        var restored = 0
        let scopes = Set(snapshot.items.keys).union(snapshot.statuses.keys)
        for scope in scopes.sorted(by: { $0.description < $1.description }) {
            let status = snapshot.statuses[scope]
            let sequence: Int64
            if let known = status?.sequence { sequence = known } else { sequence = try await queue.nextSequence() }
            let generation = "\(sequence)-restored"
            let items = snapshot.items[scope] ?? []
            _ = try await writer.write(items, scope: scope, generation: generation, sequence: sequence)
            _ = try await redis.send(["HSET", keys.meta(generation), "backedUp", "1"])
            let outcome = try await committer.commit(
                jobID: "restore-\(generation)", scope: scope, generation: generation, sequence: sequence,
                status: status ?? SweepStatus(itemCount: items.count, sequence: sequence))
            if case .committed = outcome {
                restored += 1
            } else {
                _ = try await GenerationCollector(redis: redis, settings: settings, logger: logger).delete(generation)
            }
            let due = status?.lastSuccessAt.map { $0 + settings.interval(scope.kind).wholeMilliseconds } ?? 0
            _ = try await redis.send(["HSET", keys.schedule(scope.account), RedisArgument(scope.field), RedisArgument(due)])
        }
        logger.info("cache refilled from DynamoDB", metadata: [
            "scopes": "\(restored)", "accounts": "\(snapshot.accounts.count)",
            "items": "\(snapshot.items.values.reduce(0) { $0 + $1.count })",
        ])
        return restored
    }
}
