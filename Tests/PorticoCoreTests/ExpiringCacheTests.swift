import PorticoCore
import PorticoTestSupport
import Synchronization
import Testing

/// The in-memory TTL cache: one load per key however many requests miss at once, answers kept
/// for the TTL of an injected clock, failures not kept, a bounded number of keys.
@Suite struct ExpiringCacheTests {
    /// Counts loads and lookups, and can hold every load until the test releases it.
    final class Backend: Sendable {
        private let state = Mutex<(loads: Int, lookups: [CacheLookup], failNext: Bool)>((0, [], false))
        let gate: Gate

        init(held: Bool = false) { gate = Gate(open: !held) }

        var loads: Int { state.withLock { $0.loads } }
        var lookups: [CacheLookup] { state.withLock { $0.lookups } }

        func failNextLoad() { state.withLock { $0.failNext = true } }

        func recordLookup(_ lookup: CacheLookup) { state.withLock { $0.lookups.append(lookup) } }

        /// Answers `"<key>#<n>"` for the n-th load.
        func load(_ key: String) async throws -> String {
            await gate.wait()
            let (count, fail) = state.withLock { state in
                state.loads += 1
                defer { state.failNext = false }
                return (state.loads, state.failNext)
            }
            if fail { throw LoadFailed() }
            return "\(key)#\(count)"
        }
    }

    struct LoadFailed: Error {}

    /// A cache that loads from `backend`.
    struct Loading: Sendable {
        let cache: ExpiringCache<String, String>
        let backend: Backend

        func value(for key: String) async throws -> String {
            try await cache.value(for: key) { try await backend.load($0) }
        }

        func forget(_ key: String) { cache.forget(key) }

        var count: Int { cache.count }
    }

    private func cache(
        _ backend: Backend, ttl: Duration = .seconds(30), capacity: Int = 100, clock: ManualCacheClock = ManualCacheClock()
    ) -> Loading {
        Loading(
            cache: ExpiringCache(ttl: ttl, capacity: capacity, clock: clock.cacheClock, onLookup: { backend.recordLookup($0) }),
            backend: backend)
    }

    @Test func concurrentMissesForOneKeyShareOneLoad() async throws {
        let backend = Backend(held: true)
        let cache = cache(backend)
        let callers = 50
        try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<callers {
                group.addTask { try await cache.value(for: "alice") }
            }
            try await awaitCondition("every caller waiting on the load") { backend.lookups.count == callers }
            await backend.gate.open()
            var answers: [String] = []
            for try await answer in group { answers.append(answer) }
            #expect(answers == Array(repeating: "alice#1", count: callers))
        }
        #expect(backend.loads == 1)
        #expect(backend.lookups.filter { $0 == .miss }.count == 1)
        #expect(backend.lookups.filter { $0 == .joined }.count == callers - 1)
    }

    @Test func anAnswerIsReusedUntilItsTTLHasPassedOnTheClock() async throws {
        let backend = Backend()
        let clock = ManualCacheClock()
        let cache = cache(backend, ttl: .seconds(30), clock: clock)
        #expect(try await cache.value(for: "alice") == "alice#1")
        clock.advance(by: .seconds(29))
        #expect(try await cache.value(for: "alice") == "alice#1")
        #expect(backend.lookups.last == .hit)
        clock.advance(by: .seconds(1))
        #expect(try await cache.value(for: "alice") == "alice#2")
        #expect(backend.loads == 2)
    }

    @Test func keysAreCachedApart() async throws {
        let backend = Backend()
        let cache = cache(backend)
        #expect(try await cache.value(for: "alice") == "alice#1")
        #expect(try await cache.value(for: "bob") == "bob#2")
        #expect(try await cache.value(for: "alice") == "alice#1")
        #expect(backend.loads == 2)
    }

    @Test func aForgottenAnswerIsLoadedAgainBeforeItsTTL() async throws {
        let backend = Backend()
        let cache = cache(backend)
        #expect(try await cache.value(for: "alice") == "alice#1")
        #expect(try await cache.value(for: "bob") == "bob#2")
        cache.forget("alice")
        #expect(try await cache.value(for: "alice") == "alice#3")
        #expect(try await cache.value(for: "bob") == "bob#2", "other keys are kept")
    }

    @Test func aFailedLoadReachesItsCallerAndIsNotKept() async throws {
        let backend = Backend()
        let cache = cache(backend)
        backend.failNextLoad()
        await #expect(throws: LoadFailed.self) { try await cache.value(for: "alice") }
        #expect(try await cache.value(for: "alice") == "alice#2")
        #expect(backend.loads == 2)
    }

    @Test func aZeroTTLLoadsEveryTime() async throws {
        let backend = Backend()
        let cache = cache(backend, ttl: .zero)
        #expect(try await cache.value(for: "alice") == "alice#1")
        #expect(try await cache.value(for: "alice") == "alice#2")
        #expect(cache.count == 0)
    }

    @Test func theNumberOfKeysHeldStaysWithinTheCapacity() async throws {
        let backend = Backend()
        let cache = cache(backend, capacity: 10)
        for index in 0..<100 {
            _ = try await cache.value(for: "user-\(index)")
            #expect(cache.count <= 10)
        }
        #expect(try await cache.value(for: "user-99") == "user-99#100", "the newest answer is kept")
    }

    @Test func expiredAnswersAreDroppedFirstWhenFull() async throws {
        let backend = Backend()
        let clock = ManualCacheClock()
        let cache = cache(backend, ttl: .seconds(10), capacity: 3, clock: clock)
        _ = try await cache.value(for: "old-1")
        _ = try await cache.value(for: "old-2")
        clock.advance(by: .seconds(5))
        _ = try await cache.value(for: "fresh")
        clock.advance(by: .seconds(6))
        _ = try await cache.value(for: "new")
        #expect(cache.count == 2)
        #expect(try await cache.value(for: "fresh") == "fresh#3", "the unexpired answer survived")
    }
}
