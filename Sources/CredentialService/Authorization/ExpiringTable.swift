import Synchronization

/// Values remembered for a short while, in memory, at most `capacity` of them: what the
/// credential service keeps of slow-changing cache answers (a role's maximum session, the
/// accounts' names) so that not every issuance asks again. Full, it forgets everything rather
/// than grow; expired entries are never answered.
final class ExpiringTable<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        var value: Value
        var expires: ContinuousClock.Instant
    }

    let lifetime: Duration
    let capacity: Int
    private let entries = Mutex<[Key: Entry]>([:])

    init(lifetime: Duration, capacity: Int) {
        self.lifetime = lifetime
        self.capacity = max(1, capacity)
    }

    /// The value stored for `key`, unless it has expired.
    func value(for key: Key, now: ContinuousClock.Instant = .now) -> Value? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard now < entry.expires else {
                entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    /// Remembers `value` for `lifetime` from `now`.
    func store(_ value: Value, for key: Key, now: ContinuousClock.Instant = .now) {
        entries.withLock { entries in
            if entries[key] == nil, entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(value: value, expires: now + lifetime)
        }
    }
}
