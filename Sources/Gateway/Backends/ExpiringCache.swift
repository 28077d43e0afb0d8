import Synchronization

/// Answers from a backend kept in memory for a short time, per key: a hit costs one lock and
/// one dictionary lookup; a miss starts one load, and every request for the same key that
/// arrives while it runs waits for that load instead of starting its own (single flight).
/// Failed loads are not kept. At most `capacity` keys are held: when full, expired answers
/// go first, then arbitrary ones. A TTL of zero turns the cache off (every call loads).
final class ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private enum Slot {
        case ready(Value, expiresAt: ContinuousClock.Instant)
        case loading(Task<Value, any Error>)
    }

    let ttl: Duration
    let capacity: Int
    private let clock: CacheClock
    private let load: @Sendable (Key) async throws -> Value
    private let onLookup: @Sendable (CacheLookup) -> Void
    private let slots = Mutex<[Key: Slot]>([:])

    /// - Parameters:
    ///   - load: asks the backend; its errors reach every caller waiting on that load.
    ///   - onLookup: told how each call was answered (not called when the TTL is zero).
    init(
        ttl: Duration, capacity: Int = 10_000, clock: CacheClock = .continuous,
        onLookup: @escaping @Sendable (CacheLookup) -> Void = { _ in },
        load: @escaping @Sendable (Key) async throws -> Value
    ) {
        self.ttl = ttl
        self.capacity = max(capacity, 1)
        self.clock = clock
        self.load = load
        self.onLookup = onLookup
    }

    /// The value for `key`: fresh from memory, or from the load running for it, or from a new load.
    func value(for key: Key) async throws -> Value {
        guard ttl > .zero else { return try await load(key) }
        let now = clock.now()
        let found: Found = slots.withLock { slots in
            switch slots[key] {
            case .ready(let value, let expiresAt) where now < expiresAt:
                return .fresh(value)
            case .loading(let task):
                return .loading(task, .joined)
            case .ready:
                let task = Task { try await self.complete(key) }
                slots[key] = .loading(task)
                return .loading(task, .miss)
            case nil:
                if slots.count >= capacity { Self.makeRoom(in: &slots, now: now, capacity: capacity) }
                let task = Task { try await self.complete(key) }
                slots[key] = .loading(task)
                return .loading(task, .miss)
            }
        }
        switch found {
        case .fresh(let value):
            onLookup(.hit)
            return value
        case .loading(let task, let lookup):
            onLookup(lookup)
            return try await task.value
        }
    }

    private enum Found {
        case fresh(Value)
        case loading(Task<Value, any Error>, CacheLookup)
    }

    /// Drops the answer kept for `key`, so the next request loads it again (a load in flight is
    /// left to finish).
    func forget(_ key: Key) {
        slots.withLock { slots in
            if case .ready = slots[key] { slots[key] = nil }
        }
    }

    /// Keeps `value` for `key` as a fresh answer, replacing one held (a fresher answer obtained
    /// outside `load`); a load in flight for `key` finishes without overwriting it.
    func store(_ value: Value, for key: Key) {
        guard ttl > .zero else { return }
        let expiresAt = clock.now() + ttl
        let now = clock.now()
        slots.withLock { slots in
            if slots[key] == nil, slots.count >= capacity { Self.makeRoom(in: &slots, now: now, capacity: capacity) }
            slots[key] = .ready(value, expiresAt: expiresAt)
        }
    }

    /// How many keys are held (answers and loads in flight).
    var count: Int { slots.withLock { $0.count } }

    /// Runs the load for `key`, then keeps its answer in the key's slot (or, when it failed,
    /// empties the slot so the next request loads again).
    private func complete(_ key: Key) async throws -> Value {
        do {
            let value = try await load(key)
            let expiresAt = clock.now() + ttl
            slots.withLock { slots in
                if case .loading = slots[key] { slots[key] = .ready(value, expiresAt: expiresAt) }
            }
            return value
        } catch {
            slots.withLock { slots in
                if case .loading = slots[key] { slots[key] = nil }
            }
            throw error
        }
    }

    /// Drops expired answers; if that frees nothing, drops answers until a tenth is free.
    private static func makeRoom(in slots: inout [Key: Slot], now: ContinuousClock.Instant, capacity: Int) {
        slots = slots.filter { _, slot in
            if case .ready(_, let expiresAt) = slot { return now < expiresAt }
            return true
        }
        guard slots.count >= capacity else { return }
        var excess = slots.count - (capacity - max(capacity / 10, 1))
        slots = slots.filter { _, slot in
            guard excess > 0, case .ready = slot else { return true }
            excess -= 1
            return false
        }
    }
}

/// How `ExpiringCache` answered one call, for metrics.
enum CacheLookup: String, Sendable, CaseIterable {
    /// A fresh answer was in memory.
    case hit
    /// Waited for a load another request had started.
    case joined
    /// Started a load.
    case miss
}

/// Where `ExpiringCache` reads the time: the monotonic clock in service, a hand-moved one in tests.
struct CacheClock: Sendable {
    let now: @Sendable () -> ContinuousClock.Instant

    init(now: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.now = now
    }

    static var continuous: CacheClock { CacheClock { ContinuousClock.now } }
}
