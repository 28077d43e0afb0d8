import Foundation

/// Decides whether and when to try a failed call again: at most `maxAttempts` tries, capped
/// exponential backoff with full jitter, and never sooner than a `Retry-After` the service sent.
struct RetryPolicy: Sendable {
    var maxAttempts: Int
    var configuration: RetryConfiguration

    init(maxAttempts: Int, configuration: RetryConfiguration) {
        self.maxAttempts = max(1, maxAttempts)
        self.configuration = configuration
    }

    /// The pause before the next attempt after `attemptsMade` retryable failures, or nil when the
    /// call should give up. `random` is uniform in `0..<1` (injected, so tests are exact).
    func delay(afterAttempt attemptsMade: Int, retryAfter: Duration?, random: Double) -> Duration? {
        guard attemptsMade < maxAttempts else { return nil }
        if let retryAfter, retryAfter > configuration.maxRetryAfter { return nil }
        let jittered = backoffCeiling(afterAttempt: attemptsMade) * min(max(random, 0), 1)
        guard let retryAfter else { return jittered }
        return max(jittered, retryAfter)
    }

    /// `min(maxBackoff, baseDelay · 2^(attempt-1))`.
    func backoffCeiling(afterAttempt attemptsMade: Int) -> Duration {
        let exponent = min(max(attemptsMade - 1, 0), 30)
        let ceiling = configuration.baseDelay * (1 << exponent)
        return min(ceiling, configuration.maxBackoff)
    }
}

/// Reads a `Retry-After` header: delta seconds (`120`) or an HTTP date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`, taken relative to `now`).
enum RetryAfter {
    static func parse(_ value: String, now: Date) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed) {
            return seconds >= 0 ? .seconds(seconds) : nil
        }
        if let seconds = Double(trimmed), seconds.isFinite, seconds >= 0 {
            return .milliseconds(Int((seconds * 1000).rounded(.up)))
        }
        guard let date = httpDate(trimmed) else { return nil }
        let interval = date.timeIntervalSince(now)
        return .milliseconds(max(0, Int((interval * 1000).rounded(.up))))
    }

    /// IMF-fixdate, the form HTTP/1.1 servers must send: `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func httpDate(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT",
              let day = Int(parts[1]),
              let month = months.firstIndex(of: String(parts[2])).map({ $0 + 1 }),
              let year = Int(parts[3])
        else { return nil }
        let clock = parts[4].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3, (1...31).contains(day), clock[0] < 24, clock[1] < 60, clock[2] <= 60 else { return nil }
        let days = ISO8601Timestamp.daysFromCivil(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: Double(days * 86_400 + clock[0] * 3600 + clock[1] * 60 + clock[2]))
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}
