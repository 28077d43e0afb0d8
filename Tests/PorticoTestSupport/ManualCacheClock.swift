public import PorticoCore
import Synchronization

/// A clock the test moves by hand, for the in-memory caches (`ExpiringCache`, and what is
/// built on it) to read instead of the monotonic clock.
public final class ManualCacheClock: Sendable {
    private let start = ContinuousClock.now
    private let offset = Mutex<Duration>(.zero)

    public init() {}

    public func advance(by duration: Duration) { offset.withLock { $0 += duration } }

    public var cacheClock: CacheClock { CacheClock { self.start + self.offset.withLock { $0 } } }
}
