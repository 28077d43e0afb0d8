/// Paces connection attempts after failures: once a connect fails, further attempts wait
/// `initialDelay`, doubled per consecutive failure and capped at `maxDelay`; a successful
/// connect clears it. Shared by every connection of a client, since they all reach one server.
struct ReconnectBackoff: Sendable {
    private let policy: RedisConfiguration.Reconnect
    private(set) var consecutiveFailures = 0
    private var nextAttempt: ContinuousClock.Instant?

    init(policy: RedisConfiguration.Reconnect) {
        self.policy = policy
    }

    /// How long a connect attempt made `now` must still wait; nil when it may go ahead.
    func remainingDelay(at now: ContinuousClock.Instant) -> Duration? {
        guard let nextAttempt, now < nextAttempt else { return nil }
        return nextAttempt - now
    }

    /// Records a failed attempt and returns the delay before the next one.
    mutating func recordFailure(at now: ContinuousClock.Instant) -> Duration {
        consecutiveFailures += 1
        let delay = Self.delay(afterFailures: consecutiveFailures, policy: policy)
        nextAttempt = now + delay
        return delay
    }

    /// Records a successful connect; returns how many failures it ended.
    mutating func recordSuccess() -> Int {
        defer {
            consecutiveFailures = 0
            nextAttempt = nil
        }
        return consecutiveFailures
    }

    /// `initialDelay * 2^(failures - 1)`, capped at `maxDelay`.
    static func delay(afterFailures failures: Int, policy: RedisConfiguration.Reconnect) -> Duration {
        var delay = policy.initialDelay
        for _ in 1..<max(failures, 1) {
            delay *= 2
            if delay >= policy.maxDelay { return policy.maxDelay }
        }
        return min(delay, policy.maxDelay)
    }
}
