@testable import PorticoRedis
import Testing

@Suite("Reconnect backoff")
struct ReconnectBackoffTests {
    let policy = RedisConfiguration.Reconnect(initialDelay: .milliseconds(100), maxDelay: .seconds(1))

    @Test("the delay doubles per consecutive failure and stops at the cap")
    func delayDoublesUpToTheCap() {
        let delays = (1...8).map { ReconnectBackoff.delay(afterFailures: $0, policy: policy) }
        #expect(delays == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800),
                           .seconds(1), .seconds(1), .seconds(1), .seconds(1)])
        #expect(ReconnectBackoff.delay(afterFailures: 10_000, policy: policy) == .seconds(1))
    }

    @Test("attempts are held back until the delay has passed, and a success clears the backoff")
    func holdsAttemptsBackUntilTheDelayPassed() {
        var backoff = ReconnectBackoff(policy: policy)
        let start = ContinuousClock.now
        #expect(backoff.remainingDelay(at: start) == nil)
        #expect(backoff.recordFailure(at: start) == .milliseconds(100))
        #expect(backoff.remainingDelay(at: start + .milliseconds(40)) == .milliseconds(60))
        #expect(backoff.remainingDelay(at: start + .milliseconds(100)) == nil)
        #expect(backoff.recordFailure(at: start + .milliseconds(100)) == .milliseconds(200))
        #expect(backoff.recordSuccess() == 2)
        #expect(backoff.consecutiveFailures == 0)
        #expect(backoff.remainingDelay(at: start + .milliseconds(101)) == nil)
    }
}
