import Synchronization

/// The outcome of one timed run: how many calls completed and how long each took.
struct Measurement: Sendable {
    var calls: Int
    var failures: Int
    var seconds: Double
    var latencies: [UInt64]  // nanoseconds, sorted

    var throughput: Double { Double(calls) / seconds }

    func percentile(_ p: Double) -> Double {
        guard !latencies.isEmpty else { return .nan }
        let index = min(latencies.count - 1, Int((Double(latencies.count) * p).rounded(.up)) - 1)
        return Double(latencies[max(index, 0)]) / 1000  // microseconds
    }
}

/// Runs `concurrency` workers calling `call` in a loop: first for `warmup` seconds (not
/// measured), then for `duration` seconds, recording every call's latency.
func measure(
    concurrency: Int, warmup: Double, duration: Double, _ call: @escaping @Sendable () async throws -> Void
) async -> Measurement {
    let clock = ContinuousClock()
    let warmupEnd = clock.now + .milliseconds(Int(warmup * 1000))
    await runWorkers(concurrency, until: warmupEnd, call, record: false)
    let start = clock.now
    let end = start + .milliseconds(Int(duration * 1000))
    let results = await runWorkers(concurrency, until: end, call, record: true)
    let elapsed = clock.now - start
    var latencies = results.flatMap(\.latencies)
    latencies.sort()
    return Measurement(
        calls: latencies.count, failures: results.reduce(0) { $0 + $1.failures },
        seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
        latencies: latencies)
}

private struct WorkerResult: Sendable {
    var latencies: [UInt64] = []
    var failures = 0
}

@discardableResult
private func runWorkers(
    _ count: Int, until end: ContinuousClock.Instant, _ call: @escaping @Sendable () async throws -> Void, record: Bool
) async -> [WorkerResult] {
    await withTaskGroup(of: WorkerResult.self) { group in
        for _ in 0..<count {
            group.addTask {
                var result = WorkerResult()
                result.latencies.reserveCapacity(record ? 200_000 : 0)
                let clock = ContinuousClock()
                while clock.now < end {
                    let started = clock.now
                    do {
                        try await call()
                        if record {
                            let took = clock.now - started
                            result.latencies.append(UInt64(took.components.seconds) * 1_000_000_000
                                + UInt64(took.components.attoseconds / 1_000_000_000))
                        }
                    } catch {
                        result.failures += 1
                    }
                }
                return result
            }
        }
        var results: [WorkerResult] = []
        for await result in group { results.append(result) }
        return results
    }
}
