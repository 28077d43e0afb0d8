import Foundation
import Logging
public import ServiceLifecycle

/// The job loops of one process (`cache.workers` of them), a lifecycle `Service`. Each loop is a
/// consumer of the job stream's group: it takes a job (first any job a silent worker left behind,
/// after the visibility timeout, then new ones), heartbeats it while it runs, acknowledges it
/// when it is done, and schedules a retry with exponential backoff when it failed. Any number
/// of processes can run pools against the same Redis.
///
/// On graceful shutdown the loops stop; a job cut short stays pending and another worker
/// reclaims it.
public final class SweepWorkerPool: Service, Sendable {
    private let queue: JobQueue
    private let runner: JobRunner
    private let settings: CacheSettings
    private let backup: InventoryBackup?
    private let logger: Logger
    /// Consumers are named `<prefix>-<loop>`; unique per process.
    public let consumerPrefix: String

    init(queue: JobQueue, runner: JobRunner, settings: CacheSettings, backup: InventoryBackup?, logger: Logger, consumerPrefix: String) {
        self.queue = queue
        self.runner = runner
        self.settings = settings
        self.backup = backup
        self.logger = logger
        self.consumerPrefix = consumerPrefix
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await self.prepareBackup()
            await withDiscardingTaskGroup { group in
                for index in 0..<self.settings.workers {
                    group.addTask { await self.loop(consumer: "\(self.consumerPrefix)-\(index)") }
                }
            }
        }
        logger.info("sweep workers stopped")
    }

    private func prepareBackup() async {
        guard let backup else { return }
        do { try await backup.ensureTables() } catch {
            logger.warning("DynamoDB tables not ready; backups will be retried with each sweep", metadata: [
                "error": "\(JobRunner.describe(error))",
            ])
        }
    }

    /// One consumer: take, run, acknowledge, until cancelled. Redis errors back off and retry.
    private func loop(consumer: String) async {
        var failures = 0
        var lastReclaim = ContinuousClock.now - settings.visibilityTimeout
        let reclaimEvery = settings.visibilityTimeout / 4
        while !Task.isCancelled {
            do {
                var deliveries: [JobQueue.Delivery] = []
                if ContinuousClock.now - lastReclaim >= reclaimEvery {
                    lastReclaim = .now
                    deliveries = try await queue.reclaim(consumer: consumer)
                }
                if deliveries.isEmpty { deliveries = try await queue.read(consumer: consumer) }
                for delivery in deliveries {
                    try await process(delivery, consumer: consumer)
                }
                failures = 0
            } catch {
                if Task.isCancelled { break }
                failures += 1
                logger.warning("job loop error; retrying", metadata: [
                    "consumer": "\(consumer)", "error": "\(JobRunner.describe(error))", "failures": "\(failures)",
                ])
                try? await Task.sleep(for: .milliseconds(min(5000, 100 << min(failures, 6))))
            }
        }
    }

    /// Runs one delivered job and settles it.
    private func process(_ delivery: JobQueue.Delivery, consumer: String) async throws {
        let job = delivery.job
        guard let starts = try await queue.start(job, consumer: consumer) else {
            try await queue.acknowledge(delivery.entryID)
            return
        }
        // A job that keeps killing its workers (every start but none ending) is given up.
        if starts > settings.maxAttempts + 2 {
            logger.error("job started too often without finishing; giving up", metadata: ["job": "\(job.id)"])
            try await queue.record(job, state: .failed, error: "started \(starts) times without finishing")
            try await queue.acknowledge(delivery.entryID)
            return
        }
        let outcome = await withTaskGroup(of: JobRunner.Outcome?.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: self.settings.visibilityTimeout / 3)
                    if Task.isCancelled { break }
                    try? await self.queue.heartbeat(consumer: consumer, entryID: delivery.entryID)
                }
                return nil
            }
            group.addTask { await self.runner.run(job) }
            var result: JobRunner.Outcome = .failed("no outcome")
            for await outcome in group {
                if let outcome {
                    result = outcome
                    group.cancelAll()
                }
            }
            return result
        }
        if Task.isCancelled { return }  // left pending: another worker reclaims it
        switch outcome {
        case .committed, .skipped:
            try await queue.acknowledge(delivery.entryID)
        case .failed(let message):
            if job.attempt < settings.maxAttempts {
                let delay = backoff(afterAttempt: job.attempt)
                try await queue.retry(job, after: delay, error: message)
            } else {
                try await queue.record(job, state: .failed, error: message)
            }
            try await queue.acknowledge(delivery.entryID)
        }
    }

    /// `retryDelay · 2^(attempt-1)`, at most an hour, with ±20 % jitter.
    func backoff(afterAttempt attempt: Int) -> Duration {
        let base = settings.retryDelay * (1 << min(attempt - 1, 12))
        let capped = min(base, .seconds(3600))
        return capped * Double.random(in: 0.8...1.2)
    }
}
