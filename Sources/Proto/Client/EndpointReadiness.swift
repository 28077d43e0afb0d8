import Synchronization

/// Wakes calls waiting for an endpoint to become ready whenever an endpoint's state changes.
final class EndpointReadiness: Sendable {
    private struct Waiters {
        var generation: UInt64 = 0
        var waiting: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextID: UInt64 = 0
    }

    private let waiters = Mutex(Waiters())

    /// The current generation; `wait(after:)` returns once it has moved past it.
    var generation: UInt64 { waiters.withLock { $0.generation } }

    func notify() {
        let woken = waiters.withLock { waiters in
            waiters.generation += 1
            defer { waiters.waiting.removeAll() }
            return Array(waiters.waiting.values)
        }
        woken.forEach { $0.resume() }
    }

    /// Waits for a change after `generation`, or until the task is cancelled.
    func wait(after generation: UInt64) async {
        let id = waiters.withLock { waiters in
            defer { waiters.nextID += 1 }
            return waiters.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = waiters.withLock { waiters in
                    guard waiters.generation == generation, !Task.isCancelled else { return true }
                    waiters.waiting[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation = waiters.withLock { $0.waiting.removeValue(forKey: id) }
            continuation?.resume()
        }
    }
}
