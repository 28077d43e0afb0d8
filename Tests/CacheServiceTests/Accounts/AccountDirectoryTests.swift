import PorticoCore
import PorticoRedis
import PorticoTestSupport
import Testing

@testable import CacheService

/// The account list in Redis.
@Suite struct AccountDirectoryTests {
    @Test func anAccountNoLongerListedDisappearsFromEveryRead() async throws {
        try await RedisFixture.with(configure: { $0.cache.generationGrace = 1 }) { fixture in
            let (kept, removed) = ("111111111111", "222222222222")
            try await fixture.register(accounts: [kept, removed])
            for account in [kept, removed] {
                try await fixture.publish(
                    [RedisFixture.role(account, "admin", tags: ["consoleme-authorized": "admins"])],
                    scope: SweepScope(account: account, kind: .iam), sequence: account == kept ? 1 : 2)
            }
            let lookup = EligibleRoleLookup(redis: fixture.redis, settings: fixture.settings)
            #expect(try await lookup.eligibleRoles(user: "u", groups: ["admins"]).count == 2)
            let removedGeneration = try #require(try await GenerationIndex(redis: fixture.redis, keys: fixture.settings.keys)
                .current(SweepScope(account: removed, kind: .iam)))

            try await AccountDirectory(redis: fixture.redis, keys: fixture.settings.keys).store(
                [CachedAccount(id: kept, name: "kept", source: "config")], refreshedAt: 1)
            #expect(try await fixture.reader.accountIDs() == [kept])
            #expect(try await fixture.reader.item(arn: "arn:aws:iam::\(removed):role/admin") == nil)
            #expect(try await lookup.eligibleRoles(user: "u", groups: ["admins"]) == [
                EligibleRole(arn: "arn:aws:iam::\(kept):role/admin", cliOnly: false),
            ])
            #expect(try await fixture.reader.status(accounts: [removed]).isEmpty)
            try await fixture.collector.collectDue()
            #expect(try await fixture.redis.exists(fixture.settings.keys.meta(removedGeneration)) == 0)
            #expect(try await fixture.redis.smembers(fixture.settings.keys.principalAccounts("admins")).count == 1)
        }
    }
}
