import PorticoRedis
import PorticoTestSupport
import Testing

@testable import CacheService

/// Generations on a real redis-server: written aside, made current by one pointer flip, committed
/// once per job, never over a newer sweep, and collected when replaced or abandoned.
@Suite struct GenerationStorageTests {
    static let account = "111111111111"
    static let scope = SweepScope(account: account, kind: .iam)

    @Test func aWrittenGenerationIsInvisibleUntilItsCommitReplacesTheOldOneWhole() async throws {
        let fixture = try await RedisFixture.start { $0.cache.generationGrace = 1 }
        defer { Task { await fixture.stop() } }
        let old = try await fixture.publish([RedisFixture.role(Self.account, "a"), RedisFixture.role(Self.account, "b")], scope: Self.scope, sequence: 1)

        let pending = "2-new"
        _ = try await fixture.writer.write([RedisFixture.role(Self.account, "c")], scope: Self.scope, generation: pending, sequence: 2)
        #expect(try await fixture.reader.item(arn: "arn:aws:iam::\(Self.account):role/a") != nil)
        #expect(try await fixture.reader.item(arn: "arn:aws:iam::\(Self.account):role/c") == nil, "not visible before the commit")

        let outcome = try await fixture.committer.commit(
            jobID: "j2", scope: Self.scope, generation: pending, sequence: 2, status: SweepStatus(sequence: 2))
        #expect(outcome == .committed(replaced: old))
        #expect(try await fixture.reader.item(arn: "arn:aws:iam::\(Self.account):role/a") == nil)
        #expect(try await fixture.reader.item(arn: "arn:aws:iam::\(Self.account):role/c")?.name == "c")

        let oldKey = fixture.settings.keys.item(old, "arn:aws:iam::\(Self.account):role/a")
        #expect(try await fixture.redis.exists(oldKey) == 1, "the replaced generation stays readable during its grace period")
        try await awaitCondition("the grace period passes and the collector deletes the old generation", timeout: 10) {
            try await fixture.collector.collectDue()
            return try await fixture.redis.exists(oldKey) == 0
        }
        #expect(try await fixture.redis.exists(fixture.settings.keys.meta(old)) == 0)
        #expect(try await fixture.reader.item(arn: "arn:aws:iam::\(Self.account):role/c") != nil, "the current one is kept")
    }

    @Test func aJobCommitsOnceAndNeverOverANewerSequence() async throws {
        let fixture = try await RedisFixture.start()
        defer { Task { await fixture.stop() } }
        try await fixture.publish([RedisFixture.role(Self.account, "v5")], scope: Self.scope, sequence: 5, job: "job-5")

        _ = try await fixture.writer.write([RedisFixture.role(Self.account, "again")], scope: Self.scope, generation: "5-again", sequence: 5)
        let repeated = try await fixture.committer.commit(
            jobID: "job-5", scope: Self.scope, generation: "5-again", sequence: 5, status: SweepStatus())
        #expect(repeated == .duplicate, "a reclaimed job that already finished changes nothing")

        _ = try await fixture.writer.write([RedisFixture.role(Self.account, "old")], scope: Self.scope, generation: "3-late", sequence: 3)
        let late = try await fixture.committer.commit(
            jobID: "job-3", scope: Self.scope, generation: "3-late", sequence: 3, status: SweepStatus())
        #expect(late == .stale, "an older sweep finishing late does not replace a newer one")

        #expect(try await fixture.reader.item(arn: "arn:aws:iam::\(Self.account):role/v5") != nil)
        let record = try await fixture.queue.progress("job-5")
        #expect(record?.commits == 1 && record?.state == .done && record?.outcome == "committed")
        #expect(try await fixture.queue.progress("job-3")?.outcome == "superseded")
    }

    @Test func abandonedGenerationsAreCollectedAndCurrentOnesNever() async throws {
        let fixture = try await RedisFixture.start()
        defer { Task { await fixture.stop() } }
        var settings = fixture.settings
        settings.abandonedGenerationAge = .milliseconds(1)
        let writer = GenerationWriter(redis: fixture.redis, settings: settings, logger: fixture.logger)
        _ = try await writer.write([RedisFixture.role(Self.account, "orphan")], scope: Self.scope, generation: "9-dead", sequence: 9)
        let current = try await fixture.publish([RedisFixture.role(Self.account, "live")], scope: Self.scope, sequence: 10)
        _ = try await fixture.redis.send(["ZADD", fixture.settings.keys.garbage, "0", RedisArgument(current)])

        try await awaitCondition("the abandoned generation is collected", timeout: 10) {
            try await fixture.collector.collectDue()
            return try await fixture.redis.exists(fixture.settings.keys.meta("9-dead")) == 0
        }
        #expect(try await fixture.redis.exists(fixture.settings.keys.item("9-dead", "arn:aws:iam::\(Self.account):role/orphan")) == 0)
        #expect(try await fixture.reader.item(arn: "arn:aws:iam::\(Self.account):role/live") != nil)
        #expect(try await fixture.redis.exists(fixture.settings.keys.meta(current)) == 1)
    }

    @Test func largeIndexesAreShardedAndStillListAndSuggestInNameOrder() async throws {
        let fixture = try await RedisFixture.start()
        defer { Task { await fixture.stop() } }
        let names = (0..<4500).map { String(format: "role-%05d", ($0 * 7919) % 4500) }
        let generation = try await fixture.publish(names.map { RedisFixture.role(Self.account, $0) }, scope: Self.scope, sequence: 1)
        try await fixture.register(accounts: [Self.account])

        let shards = try await GenerationIndex(redis: fixture.redis, keys: fixture.settings.keys).shards([generation])[0]["role"]
        #expect(shards == 3)
        for shard in 0..<3 {
            let size = try #require(try await fixture.redis.send(["ZCARD", fixture.settings.keys.names(generation, .role, shard: shard)]).int)
            #expect(size > 0 && size <= CacheKeys.shardSize)
        }
        var listed: [String] = []
        var cursor: String?
        repeat {
            let page = try await ResourceListing(reader: fixture.reader).list(ResourceQuery(types: [.role], cursor: cursor, limit: 500))
            listed += page.items.map(\.name)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(listed == names.sorted())

        let suggestions = try await Typeahead(reader: fixture.reader).suggest(prefix: "ROLE-0449", types: [.role], accounts: [], limit: 20)
        #expect(suggestions.map(\.name) == (4490..<4500).map { "role-0\($0)" })
    }

    @Test func aSelectiveFilterPagesWithBoundedWorkPerCall() async throws {
        let fixture = try await RedisFixture.start()
        defer { Task { await fixture.stop() } }
        let items = (0..<300).map { RedisFixture.role(Self.account, String(format: "r%03d", $0), tags: $0 == 250 ? ["needle": "yes"] : [:]) }
        try await fixture.publish(items, scope: Self.scope, sequence: 1)
        try await fixture.register(accounts: [Self.account])
        var listing = ResourceListing(reader: fixture.reader)
        listing.scanBudget = 100
        listing.batchSize = 50
        var calls = 0
        var found: [String] = []
        var cursor: String?
        repeat {
            let page = try await listing.list(ResourceQuery(tagKey: "needle", cursor: cursor, limit: 10))
            found += page.items.map(\.name)
            cursor = page.nextCursor
            calls += 1
        } while cursor != nil
        #expect(found == ["r250"])
        #expect(calls >= 3, "each call examines at most the scan budget")
    }

    @Test func anItemTooLargeToStoreIsSkippedNotWritten() async throws {
        let fixture = try await RedisFixture.start()
        defer { Task { await fixture.stop() } }
        var huge = RedisFixture.role(Self.account, "huge")
        huge.policyDocument = String(repeating: "x", count: ItemCoding.maxItemBytes + 1)
        let written = try await fixture.writer.write(
            [huge, RedisFixture.role(Self.account, "small")], scope: Self.scope, generation: "1-x", sequence: 1)
        #expect(written.skipped == 1)
        #expect(written.items.map(\.name) == ["small"])
    }
}
