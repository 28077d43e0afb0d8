import Foundation

/// The latencies of a fixed number of calls: percentiles and throughput, in milliseconds.
struct Timings: Sendable {
    /// Each call's latency in milliseconds, sorted.
    let milliseconds: [Double]
    let failures: Int
    let wallSeconds: Double
    /// When the first call began.
    let started: ContinuousClock.Instant

    init(_ durations: [Duration], failures: Int, wall: Duration, started: ContinuousClock.Instant) {
        self.started = started
        milliseconds = durations.map(Self.milliseconds).sorted()
        self.failures = failures
        wallSeconds = Self.milliseconds(wall) / 1000
    }

    /// The `p`-quantile (0…1), nearest rank.
    func percentile(_ p: Double) -> Double {
        guard !milliseconds.isEmpty else { return .nan }
        let rank = Int((Double(milliseconds.count) * p).rounded(.up)) - 1
        return milliseconds[min(max(rank, 0), milliseconds.count - 1)]
    }

    var perSecond: Double { wallSeconds > 0 ? Double(milliseconds.count) / wallSeconds : 0 }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}

/// Runs `count` calls of `call(index)` over `concurrency` workers, timing each one. A call that
/// throws counts as a failure (its time is not kept).
func timed(count: Int, concurrency: Int, _ call: @escaping @Sendable (Int) async throws -> Void) async -> Timings {
    let clock = ContinuousClock()
    let start = clock.now
    let results = await withTaskGroup(of: ([Duration], Int).self) { group in
        for worker in 0..<concurrency {
            group.addTask {
                var durations: [Duration] = []
                var failures = 0
                var index = worker
                while index < count {
                    let began = clock.now
                    do {
                        try await call(index)
                        durations.append(clock.now - began)
                    } catch {
                        failures += 1
                    }
                    index += concurrency
                }
                return (durations, failures)
            }
        }
        var all: [([Duration], Int)] = []
        for await result in group { all.append(result) }
        return all
    }
    return Timings(results.flatMap(\.0), failures: results.reduce(0) { $0 + $1.1 }, wall: clock.now - start, started: start)
}
