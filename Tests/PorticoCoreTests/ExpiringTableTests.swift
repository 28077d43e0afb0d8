import PorticoCore
import Synchronization
import PorticoTestSupport
import Testing

/// The cache used as a table: values the caller stores itself, answered until their lifetime
/// ends on the injected clock, and each eviction rule when a new key arrives at capacity.
@Suite struct ExpiringTableTests {
    @Test func aValueIsAnsweredUntilItsLifetimeEnds() {
        let clock = ManualCacheClock()
        let table = ExpiringCache<String, Int>(ttl: .seconds(300), capacity: 10, whenFull: .all, clock: clock.cacheClock)
        table.store(3600, for: "role")
        clock.advance(by: .seconds(299))
        #expect(table.cachedValue(for: "role") == 3600)
        #expect(table.cachedValue(for: "other") == nil)
        clock.advance(by: .seconds(1))
        #expect(table.cachedValue(for: "role") == nil)
    }

    @Test func aStoredLifetimeOverridesTheTTL() {
        let clock = ManualCacheClock()
        let table = ExpiringCache<String, Int>(ttl: .seconds(300), clock: clock.cacheClock)
        table.store(1, for: "short", lifetime: .seconds(10))
        clock.advance(by: .seconds(10))
        #expect(table.cachedValue(for: "short") == nil)
        table.store(2, for: "none", lifetime: .zero)
        #expect(table.count == 0, "a lifetime of zero keeps nothing")
    }

    @Test func aFullTableForgetsRatherThanGrows() {
        let table = ExpiringCache<Int, Int>(ttl: .seconds(60), capacity: 3, whenFull: .all)
        for key in 0..<3 { table.store(key, for: key) }
        table.store(99, for: 1)  // replacing a key does not count as growing
        #expect(table.cachedValue(for: 0) == 0)
        table.store(3, for: 3)
        #expect(table.cachedValue(for: 0) == nil)
        #expect(table.cachedValue(for: 3) == 3)
        #expect(table.count == 1)
    }

    @Test func expiredThenAllDropsTheExpiredFirstAndEverythingWhenNoneHas() {
        let clock = ManualCacheClock()
        let table = ExpiringCache<String, Int>(ttl: .seconds(60), capacity: 3, whenFull: .expiredThenAll, clock: clock.cacheClock)
        table.store(1, for: "expired-1", lifetime: .seconds(40))
        table.store(2, for: "expired-2", lifetime: .seconds(50))
        table.store(3, for: "live", lifetime: .seconds(500))
        clock.advance(by: .seconds(90))
        table.store(4, for: "new", lifetime: .seconds(500))
        #expect(table.count == 2)
        #expect(table.cachedValue(for: "live") == 3 && table.cachedValue(for: "new") == 4)
        table.store(5, for: "third", lifetime: .seconds(500))
        table.store(6, for: "fourth", lifetime: .seconds(500))
        #expect(table.count == 1, "nothing had expired: everything went")
        #expect(table.cachedValue(for: "fourth") == 6)
    }

    @Test func expiredThenTenthKeepsMostUnexpiredEntries() {
        let table = ExpiringCache<Int, Int>(ttl: .seconds(60), capacity: 20, whenFull: .expiredThenTenth)
        for key in 0..<20 { table.store(key, for: key) }
        table.store(20, for: 20)
        #expect(table.count == 19, "two dropped to free a tenth, then the new one kept")
        #expect(table.cachedValue(for: 20) == 20)
    }
}
