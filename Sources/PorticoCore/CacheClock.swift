/// Where an `ExpiringCache` reads the time: the monotonic clock in service, a hand-moved one in tests.
public struct CacheClock: Sendable {
    public let now: @Sendable () -> ContinuousClock.Instant

    public init(now: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.now = now
    }

    public static var continuous: CacheClock { CacheClock { ContinuousClock.now } }
}
