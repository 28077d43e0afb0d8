import PorticoTestSupport
import Testing

@testable import CacheService

/// The scheduler lease on a real redis-server.
@Suite struct SchedulerLeaseTests {
    @Test func oneHolderAtATimeRenewsAndReleases() async throws {
        try await RedisFixture.with { fixture in
            let a = SchedulerLease(redis: fixture.redis, keys: fixture.settings.keys, holder: "a", duration: .seconds(30))
            let b = SchedulerLease(redis: fixture.redis, keys: fixture.settings.keys, holder: "b", duration: .seconds(30))
            #expect(try await a.acquire())
            #expect(try await b.acquire() == false)
            #expect(try await a.renew())
            #expect(try await b.renew() == false, "only the holder can renew")
            try await b.release()
            #expect(try await a.currentHolder() == "a", "only the holder can release")
            try await a.release()
            #expect(try await b.acquire())
        }
    }

    @Test func aDeadHoldersLeaseRunsOutAndIsTakenOver() async throws {
        try await RedisFixture.with { fixture in
            let dead = SchedulerLease(redis: fixture.redis, keys: fixture.settings.keys, holder: "dead", duration: .seconds(8))
            let next = SchedulerLease(redis: fixture.redis, keys: fixture.settings.keys, holder: "next", duration: .seconds(8))
            #expect(try await dead.acquire())
            #expect(try await next.acquire() == false)
            try await awaitCondition("the lease runs out and is taken over", timeout: 30) { try await next.acquire() }
            #expect(try await dead.renew() == false)
        }
    }
}
