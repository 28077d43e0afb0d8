/// What an `ExpiringCache` drops when a new key arrives and it already holds its capacity.
public enum CacheEviction: Sendable, Hashable {
    /// Expired entries; if that frees nothing, arbitrary entries until a tenth is free (for
    /// answers that are cheap to load again one by one).
    case expiredThenTenth
    /// Expired entries; if that frees nothing, every entry (the next uses start over in full).
    case expiredThenAll
    /// Every entry, expired or not (never grow, never search).
    case all

    /// Applies the rule to `entries`, holding `capacity` or more, at `now`.
    func makeRoom<Key, Entry>(
        in entries: inout [Key: Entry], capacity: Int, now: ContinuousClock.Instant,
        expiresAt: (Entry) -> ContinuousClock.Instant
    ) {
        switch self {
        case .all:
            entries.removeAll(keepingCapacity: true)
        case .expiredThenAll:
            entries = entries.filter { now < expiresAt($0.value) }
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        case .expiredThenTenth:
            entries = entries.filter { now < expiresAt($0.value) }
            guard entries.count >= capacity else { return }
            var excess = entries.count - (capacity - max(capacity / 10, 1))
            entries = entries.filter { _ in
                guard excess > 0 else { return true }
                excess -= 1
                return false
            }
        }
    }
}
