import PorticoRedis
import PorticoTestSupport
import Testing

@testable import CacheService

/// The guard that keeps a scheduler pass cut in two by a flush of Redis from sweeping what the
/// refill from DynamoDB is about to restore: a scheduled job is enqueued only while the cache
/// epoch the pass started with still holds, and a refill ends only if Redis was not emptied
/// while it ran.
@Suite struct ScheduledEnqueueTests {
    static let scope = SweepScope(account: "222222222222", kind: .iam)

    @Test func aScheduledJobIsEnqueuedWithItsNextDueTimeWhileTheEpochHolds() async throws {
        try await RedisFixture.with { fixture in
            let keys = fixture.settings.keys
            try await fixture.queue.ensureGroup()
            try await fixture.redis.set(keys.epoch, RedisArgument("epoch-1"))
            let job = try await fixture.queue.makeJob(Self.scope, reason: .scheduled)
            #expect(try await fixture.queue.enqueueScheduled(job, nextDue: 42_000, epoch: "epoch-1"))
            #expect(try await fixture.redis.xlen(keys.jobs) == 1)
            #expect(try await fixture.redis.hget(keys.schedule(Self.scope.account), RedisArgument(Self.scope.field)) == Array("42000".utf8))
            #expect(try await fixture.queue.read(consumer: "w").map(\.job) == [job])
        }
    }

    @Test func aScheduledJobOfAnEarlierEpochWritesNothing() async throws {
        try await RedisFixture.with { fixture in
            let keys = fixture.settings.keys
            try await fixture.queue.ensureGroup()
            let job = try await fixture.queue.makeJob(Self.scope, reason: .scheduled)
            // Redis was emptied (no epoch at all), then a refill started a new epoch.
            #expect(try await fixture.queue.enqueueScheduled(job, nextDue: 42_000, epoch: "epoch-1") == false)
            try await fixture.redis.set(keys.epoch, RedisArgument("epoch-2"))
            #expect(try await fixture.queue.enqueueScheduled(job, nextDue: 42_000, epoch: "epoch-1") == false)
            #expect(try await fixture.redis.xlen(keys.jobs) == 0, "no job reached the stream")
            #expect(try await fixture.redis.exists(keys.schedule(Self.scope.account)) == 0, "no due time was set")
            #expect(try await fixture.redis.exists(keys.job(job.id)) == 0, "no job record was written")
        }
    }

    @Test func aRefillEndsWithTheNewEpochOnlyIfRedisWasNotEmptiedMeanwhile() async throws {
        try await RedisFixture.with { fixture in
            let keys = fixture.settings.keys
            try await fixture.redis.set(keys.refilling, RedisArgument("token-1"))
            let finished = try await fixture.redis.evaluate(
                CacheScripts.finishRefill, keys: [keys.refilling, keys.epoch], arguments: [RedisArgument("token-1")])
            #expect(finished.int == 1)
            #expect(try await fixture.redis.get(keys.epoch) == Array("token-1".utf8))
            #expect(try await fixture.redis.exists(keys.refilling) == 0)

            // A refill whose marker vanished (a flush while it ran) leaves the epoch unset.
            _ = try await fixture.redis.send(["DEL", keys.epoch])
            let cut = try await fixture.redis.evaluate(
                CacheScripts.finishRefill, keys: [keys.refilling, keys.epoch], arguments: [RedisArgument("token-2")])
            #expect(cut.int == 0)
            #expect(try await fixture.redis.exists(keys.epoch) == 0)
        }
    }
}
