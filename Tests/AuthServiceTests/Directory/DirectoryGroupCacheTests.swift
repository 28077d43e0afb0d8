import AuthService
import PorticoRedis
import PorticoTestSupport
import Testing

@Suite("Directory groups cached in Redis")
struct DirectoryGroupCacheTests {
    private static let memberships = ["alice@example.com": ["eng@example.com", "oncall@example.com", "payments@example.com"]]
    private static let aliceGroups = ["eng@example.com", "oncall@example.com", "payments@example.com"]

    @Test("a cached answer is served without asking Google, whatever the email's case")
    func servesFromCache() async throws {
        try await AuthFixture.with(memberships: Self.memberships) { fixture in
            let first = try await fixture.resolve("alice@example.com")
            let requests = fixture.google.directoryRequests
            let second = try await fixture.resolve("alice@example.com", claims: ["sso-only"])
            let third = try await fixture.resolve("Alice@Example.com")
            #expect(first.directorySource == .fetched && second.directorySource == .cached && third.directorySource == .cached)
            #expect(second.groups == ["sso-only"] + Self.aliceGroups)
            #expect(third.groups == Self.aliceGroups)
            #expect(fixture.google.directoryRequests == requests)
            #expect(fixture.google.tokenRequests == 1)
        }
    }

    @Test("entries are keyed by a hash of the user and expire after cache_ttl_seconds")
    func keyAndTTL() async throws {
        try await AuthFixture.with(memberships: Self.memberships, cacheTTLSeconds: 600) { fixture in
            let redis = try #require(fixture.redis)
            _ = try await fixture.resolve("alice@example.com")
            let keys = try #require(try await redis.send("KEYS", "*").array).compactMap(\.string)
            #expect(keys.count == 1)
            let key = try #require(keys.first)
            #expect(key.hasPrefix("portico:auth:directory-groups:v1:"))
            #expect(!key.contains("alice"))
            let ttl = try #require(try await redis.send("TTL", RedisArgument(key)).int)
            #expect((1...600).contains(ttl))
        }
    }

    @Test("once the entry expires Google is asked again")
    func expiryRefetches() async throws {
        try await AuthFixture.with(memberships: Self.memberships, cacheTTLSeconds: 1) { fixture in
            let redis = try #require(fixture.redis)
            _ = try await fixture.resolve("alice@example.com")
            let requests = fixture.google.directoryRequests
            try await awaitCondition("the cache entry to expire", timeout: 10) {
                try await redis.send("DBSIZE").int == 0
            }
            let again = try await fixture.resolve("alice@example.com")
            #expect(again.directorySource == .fetched)
            #expect(fixture.google.directoryRequests == requests * 2)
        }
    }

    @Test("a refresh bypasses the cache, asks Google and re-caches the new answer")
    func refreshBypassesCache() async throws {
        try await AuthFixture.with(memberships: Self.memberships) { fixture in
            _ = try await fixture.resolve("alice@example.com")
            fixture.google.withState { $0.memberships["alice@example.com"] = ["new-team@example.com"] }
            #expect(try await fixture.resolve("alice@example.com").groups == Self.aliceGroups)

            let refreshed = try await fixture.resolve("alice@example.com", refresh: true)
            #expect(refreshed.directorySource == .fetched)
            #expect(refreshed.groups == ["new-team@example.com"])
            let requests = fixture.google.directoryRequests
            let after = try await fixture.resolve("alice@example.com")
            #expect(after.directorySource == .cached && after.groups == ["new-team@example.com"])
            #expect(fixture.google.directoryRequests == requests)
        }
    }

    @Test("an unreadable cached value counts as a miss and is replaced")
    func unreadableValueIsMiss() async throws {
        try await AuthFixture.with(memberships: Self.memberships) { fixture in
            let redis = try #require(fixture.redis)
            _ = try await fixture.resolve("alice@example.com")
            let key = try #require(try await redis.send("KEYS", "*").array?.first?.string)
            try await redis.set(RedisArgument(key), "{not json")
            let resolved = try await fixture.resolve("alice@example.com")
            #expect(resolved.directorySource == .fetched && resolved.groups == Self.aliceGroups)
            #expect(try await fixture.resolve("alice@example.com").directorySource == .cached)
        }
    }

    @Test("cache_ttl_seconds 0 turns the cache off")
    func zeroTTLDisablesCache() async throws {
        try await AuthFixture.with(memberships: Self.memberships, cacheTTLSeconds: 0) { fixture in
            _ = try await fixture.resolve("alice@example.com")
            #expect(try await fixture.resolve("alice@example.com").directorySource == .fetched)
            #expect(try await fixture.redis?.send("DBSIZE").int == 0)
        }
    }

    @Test("with Redis unreachable groups still resolve, and the outage is logged once")
    func unreachableRedis() async throws {
        try await AuthFixture.with(memberships: Self.memberships, redis: .unreachable) { fixture in
            for _ in 0..<3 {
                let resolved = try await fixture.resolve("alice@example.com")
                #expect(resolved.directorySource == .fetched && resolved.groups == Self.aliceGroups)
            }
            let warnings = fixture.logs.texts(at: .warning).filter { $0.contains("group cache") }
            #expect(warnings.count == 1)
        }
    }

    @Test("when Redis dies sign-ins go on through Google, and caching resumes after it returns")
    func redisDiesAndReturns() async throws {
        try await AuthFixture.with(memberships: Self.memberships) { fixture in
            let server = try #require(fixture.redisServer)
            _ = try await fixture.resolve("alice@example.com")
            try await runBlocking { server.kill() }
            for _ in 0..<2 {
                #expect(try await fixture.resolve("alice@example.com").directorySource == .fetched)
            }
            #expect(fixture.logs.texts(at: .warning).filter { $0.contains("group cache") }.count == 1)

            try await server.restart()
            try await awaitCondition("the group cache to be written again", timeout: 15) {
                _ = try await fixture.resolve("alice@example.com")
                return try await fixture.resolve("alice@example.com").directorySource == .cached
            }
            #expect(fixture.logs.texts(at: .info).contains { $0.contains("available again for the group cache") })
        }
    }
}
