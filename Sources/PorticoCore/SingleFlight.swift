import Synchronization

/// At most one piece of work per key at a time: the first caller for a key starts it, every
/// caller that arrives while it runs waits for that same run and gets its result. The run is
/// forgotten as soon as it ends (its result is not kept: keeping is what `ExpiringCache` does).
///
/// `flight(for:work:)` is synchronous so an actor can decide and start in one step (no other
/// call interleaves); `value(for:work:)` is the same and awaits the result.
public final class SingleFlight<Key: Hashable & Sendable, Success: Sendable, Failure: Error>: Sendable {
    /// How a caller came to the run it waits for.
    public enum Role: Sendable, Hashable {
        /// It started the run.
        case started
        /// It joined a run another caller had started.
        case joined
    }

    /// A run: its result, never thrown through the task (so joiners see the same typed failure).
    public typealias Flight = Task<Result<Success, Failure>, Never>

    private struct Running {
        let id: UInt64
        let task: Flight
    }

    private let state = Mutex<(nextID: UInt64, running: [Key: Running])>((0, [:]))

    public init() {}

    /// The run for `key`: the one in progress, else a new one of `work`.
    public func flight(
        for key: Key, work: @escaping @Sendable () async throws(Failure) -> Success
    ) -> (flight: Flight, role: Role) {
        state.withLock { state in
            if let running = state.running[key] { return (running.task, .joined) }
            let id = state.nextID
            state.nextID &+= 1
            // The task body takes the lock only after this closure has released it.
            let task = Flight {
                let result: Result<Success, Failure>
                do throws(Failure) {
                    result = .success(try await work())
                } catch {
                    result = .failure(error)
                }
                self.state.withLock { state in
                    if state.running[key]?.id == id { state.running[key] = nil }
                }
                return result
            }
            state.running[key] = Running(id: id, task: task)
            return (task, .started)
        }
    }

    /// The result of the run for `key` (started with `work` when none is in progress), and how
    /// this caller came to it.
    public func value(
        for key: Key, work: @escaping @Sendable () async throws(Failure) -> Success
    ) async throws(Failure) -> (value: Success, role: Role) {
        let (flight, role) = flight(for: key, work: work)
        return (try await flight.value.get(), role)
    }

    /// Whether a run for `key` is in progress.
    public func isRunning(_ key: Key) -> Bool { state.withLock { $0.running[key] != nil } }

    /// How many runs are in progress.
    public var count: Int { state.withLock { $0.running.count } }
}
