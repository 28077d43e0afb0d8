import PorticoRedis
import PorticoTestSupport
import Testing

@testable import CacheService

/// The job stream on a real redis-server: delivery to one consumer, reclaiming from a silent
/// one, heartbeats, delayed retries, and records that never go back from done.
@Suite struct JobQueueTests {
    static let scope = SweepScope(account: "222222222222", kind: .s3)

    func fixture(visibility: Duration = .milliseconds(300)) async throws -> RedisFixture {
        var fixture = try await RedisFixture.start()
        fixture.settings.visibilityTimeout = visibility
        fixture.settings.streamBlock = .milliseconds(50)
        try await fixture.queue.ensureGroup()
        return fixture
    }

    @Test func aJobOfASilentWorkerIsReclaimedAfterTheVisibilityTimeout() async throws {
        let fixture = try await fixture()
        defer { Task { await fixture.stop() } }
        let job = try await fixture.queue.enqueue(Self.scope, reason: .refresh)
        let taken = try await fixture.queue.read(consumer: "dead")
        #expect(taken.map(\.job) == [job])
        #expect(try await fixture.queue.read(consumer: "alive").isEmpty)
        var patient = fixture.settings
        patient.visibilityTimeout = .seconds(600)
        let patientQueue = JobQueue(redis: fixture.redis, settings: patient, logger: fixture.logger)
        #expect(try await patientQueue.reclaim(consumer: "alive").isEmpty, "a job idle for less than the timeout stays put")
        try await awaitCondition("the job is reclaimed", timeout: 10) {
            try await fixture.queue.reclaim(consumer: "alive").map(\.job) == [job]
        }
    }

    @Test func aHeartbeatResetsTheIdleTimeSoTheJobStaysWithItsWorker() async throws {
        let fixture = try await fixture(visibility: .seconds(1))
        defer { Task { await fixture.stop() } }
        _ = try await fixture.queue.enqueue(Self.scope, reason: .scheduled)
        let delivery = try #require(try await fixture.queue.read(consumer: "busy").first)
        try await awaitCondition("the job has been idle for the visibility timeout", timeout: 10) {
            try await fixture.redis.xpending(
                fixture.settings.keys.jobs, group: CacheKeys.workerGroup, minIdle: .seconds(1), count: 1).count == 1
        }
        try await fixture.queue.heartbeat(consumer: "busy", entryID: delivery.entryID)
        #expect(try await fixture.queue.reclaim(consumer: "thief").isEmpty)
        try await fixture.queue.acknowledge(delivery.entryID)
        #expect(try await fixture.queue.depth() == (0, 0))
    }

    @Test func aRetryWaitsForItsBackoffThenReturnsAsTheNextAttempt() async throws {
        let fixture = try await fixture()
        defer { Task { await fixture.stop() } }
        let job = try await fixture.queue.enqueue(Self.scope, reason: .scheduled)
        let delivery = try #require(try await fixture.queue.read(consumer: "w").first)
        try await fixture.queue.retry(job, after: .seconds(600), error: "Throttling")
        try await fixture.queue.acknowledge(delivery.entryID)
        #expect(try await fixture.queue.releaseDueRetries() == 0, "not due for ten minutes")
        #expect(try await fixture.queue.depth().waiting == 1)
        #expect(try await fixture.queue.progress(job.id)?.error == "Throttling")
        // Let the backoff pass: move the retry's due time to the past.
        let waiting = try #require(try await fixture.redis.send(["ZRANGE", fixture.settings.keys.delayed, "0", "0"]).array?.first?.bytes)
        _ = try await fixture.redis.send(["ZADD", fixture.settings.keys.delayed, "0", RedisArgument(waiting)])
        #expect(try await fixture.queue.releaseDueRetries() == 1)
        let retried = try #require(try await fixture.queue.read(consumer: "w").first?.job)
        #expect(retried.id == job.id && retried.attempt == 2 && retried.reason == .retry)
    }

    @Test func aDoneJobIsNeitherStartedAgainNorMarkedOtherwise() async throws {
        let fixture = try await fixture()
        defer { Task { await fixture.stop() } }
        let job = try await fixture.queue.enqueue(Self.scope, reason: .scheduled)
        #expect(try await fixture.queue.start(job, consumer: "a") == 1)
        #expect(try await fixture.queue.start(job, consumer: "b") == 2, "a reclaimed job counts its starts")
        _ = try await fixture.writer.write([], scope: Self.scope, generation: "g", sequence: job.sequence)
        _ = try await fixture.committer.commit(jobID: job.id, scope: Self.scope, generation: "g", sequence: job.sequence, status: SweepStatus())
        #expect(try await fixture.queue.start(job, consumer: "c") == nil)
        try await fixture.queue.record(job, state: .failed, error: "late failure")
        #expect(try await fixture.queue.progress(job.id)?.state == .done)
    }

    @Test func sequencesRiseAcrossAFlush() async throws {
        let fixture = try await fixture()
        defer { Task { await fixture.stop() } }
        let first = try await fixture.queue.nextSequence()
        let second = try await fixture.queue.nextSequence()
        #expect(second > first)
        _ = try await fixture.redis.send("FLUSHALL")
        #expect(try await fixture.queue.nextSequence() > second)
        #expect(try await fixture.queue.read(consumer: "w").isEmpty, "a lost stream is recreated, not an error")
    }
}
