public import Logging
public import PorticoAWS
import PorticoCore
public import PorticoRedis

/// RefreshItem: reads one item again from AWS through its account's spoke role and writes it
/// into the cache before answering (`ItemOverwrite`), then into the DynamoDB backup. What a
/// request's apply, a role creation or deletion and `force_refresh` call, so the change is
/// visible at once rather than after the next sweep.
public struct ItemRefresh: Sendable {
    let redis: RedisClient
    let settings: CacheSettings
    let sweeper: ItemSweeper
    let backup: InventoryBackup?
    let logger: Logger

    /// How often a write that raced a sweep's commit or another refresh is read and tried again.
    static let attempts = 4

    init(redis: RedisClient, settings: CacheSettings, spokes: SpokeSessions, backup: InventoryBackup?, logger: Logger) {
        self.redis = redis
        self.settings = settings
        self.sweeper = ItemSweeper(spokes: spokes, settings: settings)
        self.backup = backup
        self.logger = logger
    }

    /// The item as AWS holds it now (nil when gone, and then gone from the cache too), and when
    /// it was written (epoch ms).
    /// - Parameter bucketAccount: the account of a bucket the cache does not know yet.
    /// - Throws: `CacheError.invalidArgument` for an ARN of a type that is not refreshed;
    ///   `CacheError.notReady` when its scope has never been swept; AWS errors as they come.
    public func refresh(arn: String, bucketAccount: String? = nil) async throws -> (item: InventoryItem?, sweptAt: Int64) {
        var account = bucketAccount.flatMap { $0.isEmpty ? nil : $0 }
        if ARN(arn)?.service == "s3" {
            if let known = try await redis.get(settings.keys.bucketLocation(arn)).flatMap({ String(validating: $0, as: UTF8.self) }) {
                account = known
            }
        }
        let target = try ItemSweeper.target(arn: arn, bucketAccount: account, settings: settings)
        let overwrite = ItemOverwrite(redis: redis, settings: settings, logger: logger)
        for _ in 0..<Self.attempts {
            let current = try await overwrite.current(arn: arn, type: target.type, scope: target.scope)
            let item = try await sweeper.read(target, previous: current.item, calls: AWSCallTally())
            if item == nil, current.item == nil { return (nil, try await redis.serverMilliseconds()) }
            guard let sweptAt = try await overwrite.write(item, arn: arn, type: target.type, scope: target.scope, over: current)
            else { continue }
            await backUp(item, arn: arn, type: target.type, scope: target.scope, current: current)
            logger.info("item refreshed", metadata: ["arn": "\(arn.prefix(200))", "present": "\(item != nil)"])
            return (item, sweptAt)
        }
        throw CacheError.unavailable("\(arn.prefix(200)) kept changing while it was refreshed; try again")
    }

    /// Saves the refreshed item (or its removal) to the DynamoDB backup; a failure is logged and
    /// left to the next sweep.
    func backUp(_ item: InventoryItem?, arn: String, type: InventoryType, scope: SweepScope, current: ItemOverwrite.Current) async {
        guard let backup else { return }
        do {
            var written = GenerationWriter.Written(generation: current.generation, digests: [:], encoded: [:], items: [], skipped: 0)
            if let item {
                let (json, digest) = try ItemCoding.encode(item)
                written.digests[arn] = digest
                written.encoded[arn] = json
                written.items = [item]
            }
            try await backup.save(
                written, scope: scope, sequence: current.sequence, previous: item == nil ? [arn: current.digest] : [:],
                previousTypes: [arn: type])
        } catch {
            logger.warning("refreshed item not backed up to DynamoDB", metadata: [
                "arn": "\(arn.prefix(200))", "error": "\(JobRunner.describe(error))",
            ])
        }
    }
}
