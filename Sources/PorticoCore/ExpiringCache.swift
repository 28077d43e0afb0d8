import Synchronization

/// Values kept in memory for a while, per key, at most `capacity` of them: backend answers the
/// gateway reuses for a TTL, what the credential service remembers of slow-changing cache
/// answers, verified session tokens. A hit costs one lock and one dictionary lookup; an expired
/// value is never answered.
///
/// `value(for:load:)` loads a missing key once however many callers miss it at the same time
/// (single flight: the others wait for that load); failed loads are not kept. `store(_:for:)`
/// keeps a value the caller obtained itself. When a new key arrives at capacity, `whenFull`
/// says what goes. A TTL of zero turns the cache off (every call loads, nothing is kept).
public final class ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        var value: Value
        var expiresAt: ContinuousClock.Instant
    }

    public let ttl: Duration
    public let capacity: Int
    public let whenFull: CacheEviction
    private let clock: CacheClock
    private let onLookup: @Sendable (CacheLookup) -> Void
    private let entries = Mutex<[Key: Entry]>([:])
    private let loads = SingleFlight<Key, Value, any Error>()

    /// - Parameters:
    ///   - ttl: how long a value is answered after it was loaded or stored.
    ///   - onLookup: told how each `value(for:load:)` call was answered (not when the TTL is zero).
    public init(
        ttl: Duration, capacity: Int = 10_000, whenFull: CacheEviction = .expiredThenTenth, clock: CacheClock = .continuous,
        onLookup: @escaping @Sendable (CacheLookup) -> Void = { _ in }
    ) {
        self.ttl = ttl
        self.capacity = max(capacity, 1)
        self.whenFull = whenFull
        self.clock = clock
        self.onLookup = onLookup
    }

    /// The value for `key`: fresh from memory, or from the load running for it, or from a new
    /// run of `load` (whose errors reach every caller waiting on it).
    public func value(for key: Key, load: @escaping @Sendable (Key) async throws -> Value) async throws -> Value {
        guard ttl > .zero else { return try await load(key) }
        if let fresh = cachedValue(for: key) {
            onLookup(.hit)
            return fresh
        }
        let (flight, role) = loads.flight(for: key) {
            // A load that ended between the miss above and this run has stored its answer.
            if let fresh = self.cachedValue(for: key) { return fresh }
            let value = try await load(key)
            self.store(value, for: key)
            return value
        }
        onLookup(role == .started ? .miss : .joined)
        return try await flight.value.get()
    }

    /// The value kept for `key`, unless it has expired (an expired one is dropped).
    public func cachedValue(for key: Key) -> Value? {
        let now = clock.now()
        return entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard now < entry.expiresAt else {
                entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    /// Keeps `value` for `key` for `lifetime` (the TTL unless given).
    public func store(_ value: Value, for key: Key, lifetime: Duration? = nil) {
        let lifetime = lifetime ?? ttl
        guard lifetime > .zero else { return }
        let now = clock.now()
        entries.withLock { entries in
            if entries[key] == nil, entries.count >= capacity {
                whenFull.makeRoom(in: &entries, capacity: capacity, now: now, expiresAt: \.expiresAt)
            }
            entries[key] = Entry(value: value, expiresAt: now + lifetime)
        }
    }

    /// Drops the value kept for `key`, so the next request loads it again (a load in flight is
    /// left to finish).
    public func forget(_ key: Key) {
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }

    /// How many values are held (expired ones not yet dropped included).
    public var count: Int { entries.withLock { $0.count } }
}
