public import Foundation

/// The clock, sleeper and randomness the AWS layer uses. Production uses the real ones; tests
/// swap in a fixed clock or a recording sleeper so retries and expiry are checked without
/// waiting on wall time.
public struct AWSRuntime: Sendable {
    public var now: @Sendable () -> Date
    public var sleep: @Sendable (Duration) async throws -> Void
    /// Uniform in `0..<1`; drives the retry jitter.
    public var random: @Sendable () -> Double

    public init(
        now: @escaping @Sendable () -> Date,
        sleep: @escaping @Sendable (Duration) async throws -> Void,
        random: @escaping @Sendable () -> Double
    ) {
        self.now = now
        self.sleep = sleep
        self.random = random
    }

    public static var live: AWSRuntime {
        AWSRuntime(
            now: { Date() },
            sleep: { duration in try await Task.sleep(for: duration) },
            random: { Double.random(in: 0..<1) })
    }
}
