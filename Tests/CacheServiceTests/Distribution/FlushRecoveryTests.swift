import CacheService
import PorticoRedis
import PorticoTestSupport
import Testing

/// Redis is emptied while the cache runs: the scheduler notices, refills every scope from the
/// DynamoDB backup, and the authorization mapping is rebuilt — with no AWS call at all (every
/// AWS call of the cache goes through a counting proxy; DynamoDB is reached directly).
@Suite struct FlushRecoveryTests {
    @Test func aFlushedRedisIsRefilledFromDynamoDBWithoutAnyAWSCallAndNobodyIsRefusedMeanwhile() async throws {
        let moto = try await SeededMoto.startUnsigned()
        let redis = try await RedisServer.start()
        let proxy = try await MotoProxy.start(forwardingTo: moto.endpoint, http: moto.http)
        let accounts = SeededMoto.accounts(2, first: 200_000_000_001)
        try await moto.seed(.standard, accounts: accounts)
        let configuration = RunningCache.configuration(
            redis: redis, awsEndpoint: proxy.endpoint, dynamoEndpoint: moto.endpoint, accounts: accounts)
        let cache = RunningCache(configuration: configuration, name: "flush")
        defer { redis.stop() }
        do {
            let queries = cache.queries
            try await awaitCondition("the first sweep", timeout: 60, every: 0.1) {
                try await queries.everyScopeSwept(accounts: accounts)
            }
            let before = try await queries.list(ResourceQuery(limit: 500)).items
            let statusBefore = try await queries.status(accounts: accounts)
            let alice = try await queries.eligibleRoles(user: "alice@example.com", groups: [])
            #expect(alice.count == 2)
            let callsBeforeFlush = proxy.calls
            #expect(callsBeforeFlush > 0)

            _ = try await cache.runtime.redis.send("FLUSHALL")
            #expect(try await queries.role(arn: SeedPlan.roleARN(accounts[0], "admin")) == nil, "the flush emptied the cache")
            // Asked at once, the eligible roles wait out the refill rather than answer "none".
            #expect(try await queries.eligibleRoles(user: "alice@example.com", groups: []) == alice, "no one is refused during the refill")

            try await awaitCondition("the role cache is back", timeout: 60, every: 0.1) {
                try await queries.role(arn: SeedPlan.roleARN(accounts[0], "admin")) != nil
            }
            let passes = cache.runtime.scheduler.completedPasses
            try await awaitCondition("two more scheduler passes", timeout: 30, every: 0.1) {
                cache.runtime.scheduler.completedPasses >= passes + 2
            }
            #expect(try await queries.eligibleRoles(user: "alice@example.com", groups: []) == alice)
            #expect(try await queries.eligibleRoles(user: "x@example.com", groups: ["team-readers"]).count == 2)
            #expect(try await queries.list(ResourceQuery(limit: 500)).items == before, "every item came back, unchanged")
            let statusAfter = try await queries.status(accounts: accounts)
            #expect(statusAfter.mapValues(\.lastSuccessAt) == statusBefore.mapValues(\.lastSuccessAt))
            #expect(try await cache.runtime.redis.xlen(cache.runtime.settings.keys.jobs) == 0, "no sweep was enqueued")
            #expect(proxy.calls == callsBeforeFlush, "no AWS call was made to refill the cache")
        } catch {
            await cache.stop()
            await proxy.stop()
            await moto.stopWithClient()
            throw error
        }
        await cache.stop()
        await proxy.stop()
        await moto.stopWithClient()
    }
}
