@testable import CredentialService
import Testing

/// The short-lived memory of slow-changing cache answers.
@Suite struct ExpiringTableTests {
    @Test func aValueIsAnsweredUntilItsLifetimeEnds() {
        let table = ExpiringTable<String, Int>(lifetime: .seconds(300), capacity: 10)
        let start = ContinuousClock.now
        table.store(3600, for: "role", now: start)
        #expect(table.value(for: "role", now: start + .seconds(299)) == 3600)
        #expect(table.value(for: "role", now: start + .seconds(300)) == nil)
        #expect(table.value(for: "other", now: start) == nil)
    }

    @Test func aFullTableForgetsRatherThanGrows() {
        let table = ExpiringTable<Int, Int>(lifetime: .seconds(60), capacity: 3)
        let now = ContinuousClock.now
        for key in 0..<3 { table.store(key, for: key, now: now) }
        table.store(99, for: 1, now: now)  // replacing a key does not count as growing
        #expect(table.value(for: 0, now: now) == 0)
        table.store(3, for: 3, now: now)
        #expect(table.value(for: 0, now: now) == nil)
        #expect(table.value(for: 3, now: now) == 3)
    }
}
