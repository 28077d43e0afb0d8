import Foundation
import Testing

@testable import PorticoAWS

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(
        maxAttempts: 5,
        configuration: RetryConfiguration(baseDelay: .milliseconds(100), maxBackoff: .seconds(1), maxRetryAfter: .seconds(30)))

    @Test func backoffDoublesAndIsCapped() {
        #expect(policy.backoffCeiling(afterAttempt: 1) == .milliseconds(100))
        #expect(policy.backoffCeiling(afterAttempt: 2) == .milliseconds(200))
        #expect(policy.backoffCeiling(afterAttempt: 4) == .milliseconds(800))
        #expect(policy.backoffCeiling(afterAttempt: 5) == .seconds(1))
        #expect(policy.backoffCeiling(afterAttempt: 60) == .seconds(1))
    }

    @Test func fullJitterSpansZeroToTheCeiling() {
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, random: 0) == .zero)
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, random: 0.5) == .milliseconds(200))
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, random: 0.999)! < .milliseconds(400))
    }

    @Test func givesUpAfterMaxAttempts() {
        #expect(policy.delay(afterAttempt: 4, retryAfter: nil, random: 0.5) != nil)
        #expect(policy.delay(afterAttempt: 5, retryAfter: nil, random: 0.5) == nil)
        #expect(RetryPolicy(maxAttempts: 1, configuration: .defaults).delay(afterAttempt: 1, retryAfter: nil, random: 0) == nil)
    }

    @Test func retryAfterIsAFloorAndTooLongMeansGiveUp() {
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(3), random: 0.9) == .seconds(3))
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(31), random: 0.9) == nil)
    }

    @Test func retryAfterHeaderForms() {
        let now = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT
        #expect(RetryAfter.parse("2", now: now) == .seconds(2))
        #expect(RetryAfter.parse(" 0 ", now: now) == .zero)
        #expect(RetryAfter.parse("1.5", now: now) == .milliseconds(1500))
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:49:42 GMT", now: now) == .seconds(5))
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:49:00 GMT", now: now) == .zero)
        #expect(RetryAfter.parse("-3", now: now) == nil)
        #expect(RetryAfter.parse("soon", now: now) == nil)
    }

    @Test func errorClassification() {
        func error(_ code: String, _ status: Int) -> AWSError {
            AWSError(code: code, message: "", statusCode: status, requestID: nil, service: "iam", operation: "X")
        }
        #expect(error("Throttling", 400).isRetryable)
        #expect(error("ThrottlingException", 400).isThrottling)
        #expect(error("SlowDown", 503).isRetryable)
        #expect(error("ProvisionedThroughputExceededException", 400).isRetryable)
        #expect(error("RequestLimitExceeded", 503).isRetryable)
        #expect(error("TooManyRequestsException", 429).isRetryable)
        #expect(error("InternalError", 500).isRetryable)
        #expect(error("502", 502).isRetryable)
        #expect(!error("AccessDenied", 403).isRetryable)
        #expect(!error("ValidationError", 400).isRetryable)
        #expect(!error("NoSuchEntity", 404).isRetryable)
    }
}
