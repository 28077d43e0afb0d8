import PorticoCore
import Synchronization

/// The state of an RPC client's `dns:` names: the task that resolves them, whether the first
/// answer is still awaited (calls wait for it), the endpoints being drained, and the wake-up a
/// failed connection sends to resolve again early.
final class ReplicaDiscovery: Sendable {
    let names: [HostPort]
    let resolution: RPCClient.Resolution
    /// Re-resolution requests (a generation counter with waiters).
    let requests = EndpointReadiness()
    private let state: Mutex<State>

    private struct State {
        var task: Task<Void, Never>?
        var hasResolved = false
        var isStopped = false
        var nextIndex: Int
        /// Addresses each name answered last (a failed lookup keeps them).
        var answers: [HostPort: [String]] = [:]
        var draining: [Int: RPCClientEndpoint] = [:]
    }

    init(names: [HostPort], resolution: RPCClient.Resolution, firstIndex: Int) {
        self.names = names
        self.resolution = resolution
        self.state = Mutex(State(nextIndex: firstIndex))
    }

    /// Whether calls should wait: there are names and none has been resolved yet.
    var isResolvingFirst: Bool {
        guard !names.isEmpty else { return false }
        return state.withLock { !$0.hasResolved && !$0.isStopped }
    }

    /// Starts `body` as the resolving task (once, unless stopped).
    func start(_ body: @escaping @Sendable () async -> Void) {
        guard !names.isEmpty else { return }
        state.withLock { state in
            guard state.task == nil, !state.isStopped else { return }
            state.task = Task { await body() }
        }
    }

    func stop() async {
        let task = state.withLock { state in
            state.isStopped = true
            return state.task
        }
        task?.cancel()
        await task?.value
    }

    func markResolved() { state.withLock { $0.hasResolved = true } }

    func makeIndex() -> Int {
        state.withLock { state in
            defer { state.nextIndex += 1 }
            return state.nextIndex
        }
    }

    /// Records `addresses` as `name`'s answer, or returns the last answer when the lookup failed.
    func answer(for name: HostPort, _ addresses: [String]?) -> [String] {
        state.withLock { state in
            if let addresses { state.answers[name] = addresses }
            return state.answers[name] ?? []
        }
    }

    func beginDraining(_ endpoint: RPCClientEndpoint) { state.withLock { $0.draining[endpoint.index] = endpoint } }
    func endDraining(_ endpoint: RPCClientEndpoint) { _ = state.withLock { $0.draining.removeValue(forKey: endpoint.index) } }

    /// The endpoints still draining, for the client's close.
    func takeDraining() -> [RPCClientEndpoint] {
        state.withLock { state in
            defer { state.draining = [:] }
            return Array(state.draining.values)
        }
    }
}
