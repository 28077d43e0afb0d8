/// How `ExpiringCache.value(for:load:)` answered one call, for metrics.
public enum CacheLookup: String, Sendable, CaseIterable {
    /// A fresh answer was in memory.
    case hit
    /// Waited for a load another request had started.
    case joined
    /// Started a load.
    case miss
}
