import Foundation
import Logging
import PorticoAWS
import PorticoRedis

/// Runs one sweep job: reads the scope from AWS through the account's spoke role, writes a new
/// generation, backs up what changed to DynamoDB, and commits the generation (once per job,
/// never over a newer one). A failure leaves the current generation untouched and is recorded
/// in the scope's status.
struct JobRunner: Sendable {
    let redis: RedisClient
    let settings: CacheSettings
    let spokes: SpokeSessions
    let backup: InventoryBackup?
    let metrics: CacheMetrics
    let logger: Logger

    enum Outcome: Sendable, Equatable {
        case committed
        /// Already completed by an earlier delivery, or superseded by a newer sweep.
        case skipped
        case failed(String)
    }

    func run(_ job: SweepJob) async -> Outcome {
        let scope = job.scope
        var logger = logger
        logger[metadataKey: "job"] = "\(job.id)"
        logger[metadataKey: "scope"] = "\(scope)"
        let clock = ContinuousClock()
        let started = clock.now
        let calls = AWSCallTally()
        do {
            let items = try await sweep(scope, calls: calls)
            let outcome = try await store(items, job: job, calls: calls, duration: clock.now - started, logger: logger)
            metrics.awsCalls(kind: scope.kind, count: calls.total)
            metrics.jobFinished(kind: scope.kind, outcome: outcome == .committed ? "committed" : "skipped", duration: clock.now - started)
            return outcome
        } catch {
            if Task.isCancelled {
                // Shutting down: the job stays pending and another worker reclaims it.
                logger.debug("sweep cut short by shutdown")
                return .failed("cancelled")
            }
            let message = Self.describe(error)
            metrics.awsCalls(kind: scope.kind, count: calls.total)
            metrics.jobFinished(kind: scope.kind, outcome: "failed", duration: clock.now - started)
            logger.warning("sweep failed", metadata: ["error": "\(message)", "attempt": "\(job.attempt)"])
            await recordFailure(scope, message: message)
            return .failed(message)
        }
    }

    /// Reads the scope's items from AWS.
    func sweep(_ scope: SweepScope, calls: AWSCallTally) async throws -> [InventoryItem] {
        let context = SweepContext.make(scope: scope, spokes: spokes, settings: settings, calls: calls)
        let sweeper: any Sweeper = switch scope.kind {
        case .iam: IAMSweeper()
        case .s3: S3Sweeper()
        case .sqs: SQSSweeper()
        case .sns: SNSSweeper()
        case .config: ConfigSweeper()
        }
        return try await sweeper.sweep(context)
    }

    /// Writes and commits the generation, then backs up what changed; deletes the generation
    /// again when the commit is refused. Only committed generations reach DynamoDB.
    func store(_ items: [InventoryItem], job: SweepJob, calls: AWSCallTally, duration: Duration, logger: Logger) async throws -> Outcome {
        let scope = job.scope
        let index = GenerationIndex(redis: redis, keys: settings.keys)
        let writer = GenerationWriter(redis: redis, settings: settings, logger: logger)
        // What the backup holds now, read while the previous generation is still current.
        let previous = try await index.current(scope)
        let basis = try await previous.asyncMap { try await backupBasis(of: $0, writer: writer) }

        let generation = "\(job.sequence)-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
        let written = try await writer.write(items, scope: scope, generation: generation, sequence: job.sequence)
        let now = try await redis.serverMilliseconds()
        let status = SweepStatus(
            lastSuccessAt: now, lastDurationMilliseconds: duration.wholeMilliseconds, itemCount: written.items.count,
            lastAttemptAt: now, sequence: job.sequence, awsCalls: calls.total)
        let committer = GenerationCommitter(redis: redis, settings: settings)
        switch try await committer.commit(jobID: job.id, scope: scope, generation: generation, sequence: job.sequence, status: status) {
        case .committed(let replaced):
            logger.debug("generation committed", metadata: [
                "generation": "\(generation)", "replaced": "\(replaced ?? "-")", "items": "\(written.items.count)",
            ])
            // When another generation than the one read was replaced, its contents are unknown:
            // write every item (deletions wait for the next sweep).
            let known = replaced == previous ? basis : Basis(digests: [:], types: [:])
            if await backUp(written, scope: scope, sequence: job.sequence, basis: known, status: status, logger: logger) {
                _ = try await redis.send(["HSET", settings.keys.meta(generation), "backedUp", "1"])
            }
            return .committed
        case .duplicate, .stale:
            logger.info("job already completed or superseded; its generation is discarded")
            _ = try await GenerationCollector(redis: redis, settings: settings, logger: logger).delete(generation)
            return .skipped
        }
    }

    /// What the backup holds for a scope, as far as Redis knows: the previous generation's ARNs
    /// with their digests (empty digests when that generation was not fully backed up, so every
    /// item is written again) and types.
    struct Basis: Sendable {
        var digests: [String: String]
        var types: [String: InventoryType]
    }

    func backupBasis(of generation: String, writer: GenerationWriter) async throws -> Basis {
        let index = GenerationIndex(redis: redis, keys: settings.keys)
        let shards = try await index.shards([generation])[0]
        let trusted = try await redis.hget(settings.keys.meta(generation), "backedUp") == Array("1".utf8)
        var basis = Basis(digests: [:], types: [:])
        for (type, count) in shards {
            let arns = try await index.arns(in: generation, type: InventoryType(rawValue: type), shards: count)
            let known = trusted ? try await writer.digests(in: generation, arns: arns) : [:]
            for arn in arns {
                basis.types[arn] = InventoryType(rawValue: type)
                basis.digests[arn] = known[arn] ?? ""
            }
        }
        return basis
    }

    /// Saves the committed generation's changes and the status; false when the backup failed
    /// (the next sweep then writes every item again).
    func backUp(
        _ written: GenerationWriter.Written, scope: SweepScope, sequence: Int64, basis: Basis?, status: SweepStatus,
        logger: Logger
    ) async -> Bool {
        guard let backup else { return false }
        do {
            let changes = try await backup.save(
                written, scope: scope, sequence: sequence, previous: basis?.digests, previousTypes: basis?.types ?? [:])
            try await backup.saveStatus(status, scope: scope)
            logger.debug("generation backed up", metadata: ["changes": "\(changes)"])
            return true
        } catch {
            logger.warning("generation not backed up to DynamoDB", metadata: ["error": "\(Self.describe(error))"])
            return false
        }
    }

    /// Notes a failed attempt in the scope's status, keeping its last success.
    func recordFailure(_ scope: SweepScope, message: String) async {
        do {
            let key = settings.keys.status(scope.account)
            var status = try await redis.hget(key, RedisArgument(scope.field))
                .map { try ItemCoding.decodeJSON(SweepStatus.self, $0, what: "status") } ?? SweepStatus()
            let now = try await redis.serverMilliseconds()
            status.lastError = String(message.prefix(2000))
            status.lastErrorAt = now
            status.lastAttemptAt = now
            try await redis.hset(key, RedisArgument(scope.field), RedisArgument(try ItemCoding.encodeJSON(status)))
        } catch {
            logger.warning("could not record a sweep failure", metadata: ["scope": "\(scope)", "error": "\(error)"])
        }
    }

    /// An error as the status shows it: AWS's code and message, never request details.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as AWSError: error.description
        case let error as AWSClientError: error.description
        case let error as AWSCredentialsError: "\(error)"
        case let error as RedisError: error.description
        case let error as CacheError: error.description
        case is CancellationError: "cancelled"
        default: String(describing: type(of: error))
        }
    }
}

extension Optional {
    /// `map` with an async transform.
    func asyncMap<Mapped>(_ transform: (Wrapped) async throws -> Mapped) async rethrows -> Mapped? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
