import Synchronization

/// A request on its way through the transfer loop, holding the caller's continuation until the
/// loop (or a cancellation, or a shutdown) settles it, exactly once.
final class PendingTransfer: Sendable {
    let spec: TransferSpec
    private let state = Mutex(State())

    private struct State {
        var continuation: CheckedContinuation<HTTPClient.Response, any Error>?
        var cancelled = false
        var settled = false
    }

    init(spec: TransferSpec) {
        self.spec = spec
    }

    /// Parks the caller's continuation. Returns false (and resumes it with `CancellationError`)
    /// when the task was cancelled first, so the request is not submitted at all.
    func attach(_ continuation: CheckedContinuation<HTTPClient.Response, any Error>) -> Bool {
        let proceed = state.withLock { state -> Bool in
            guard !state.cancelled else {
                state.settled = true
                return false
            }
            state.continuation = continuation
            return true
        }
        if !proceed { continuation.resume(throwing: CancellationError()) }
        return proceed
    }

    /// Records that the caller's task was cancelled; the loop acts on it.
    func markCancelled() {
        state.withLock { $0.cancelled = true }
    }

    var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Resumes the caller with `result`; later calls do nothing.
    func settle(_ result: Result<HTTPClient.Response, any Error>) {
        let continuation = state.withLock { state -> CheckedContinuation<HTTPClient.Response, any Error>? in
            guard !state.settled else { return nil }
            state.settled = true
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(with: result)
    }
}
