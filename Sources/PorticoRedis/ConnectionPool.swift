import NIOCore
import Synchronization

/// The client's `poolSize` connection slots and the callers waiting for one.
///
/// A slot is either an open connection or empty (to be connected by whoever takes it). Callers
/// take a slot, use it on the thread pool, and give it back; when every slot is out, callers
/// wait in arrival order (FIFO), and a slot given back goes straight to the longest waiter.
/// A cancelled waiter leaves the queue with `CancellationError`; closing fails every waiter with
/// `RedisError.shutdown`.
final class ConnectionPool: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<RedisConnection?, any Error>
    }

    private struct State {
        /// Open connections not lent out; the most recently returned is reused first.
        var idle: [RedisConnection] = []
        var emptySlots: Int
        var waiters = CircularBuffer<Waiter>()
        var nextWaiterID: UInt64 = 0
        var isClosed = false
    }

    private let state: Mutex<State>

    init(size: Int) {
        state = Mutex(State(emptySlots: size))
    }

    /// Takes a slot: an open connection, or nil for an empty slot the caller must connect.
    /// Waits (fairly) while every slot is in use.
    func take() async throws -> RedisConnection? {
        enum Immediate {
            case slot(RedisConnection?)
            case failure(any Error)
            case queued
        }
        let id = state.withLock { state in
            defer { state.nextWaiterID &+= 1 }
            return state.nextWaiterID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<RedisConnection?, any Error>) in
                let outcome: Immediate = state.withLock { state in
                    if state.isClosed { return .failure(RedisError.shutdown) }
                    if let connection = state.idle.popLast() { return .slot(connection) }
                    if state.emptySlots > 0 {
                        state.emptySlots -= 1
                        return .slot(nil)
                    }
                    // Checked under the lock, so a cancellation either finds this waiter in
                    // the queue or is seen here.
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return .queued
                }
                switch outcome {
                case .slot(let connection): continuation.resume(returning: connection)
                case .failure(let error): continuation.resume(throwing: error)
                case .queued: break
                }
            }
        } onCancel: {
            let waiter: Waiter? = state.withLock { state in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Gives a slot back: the connection when it may be reused, nil when it was discarded (or
    /// never made). Hands it to the longest waiter, if any.
    func giveBack(_ connection: RedisConnection?) {
        let waiter: Waiter? = state.withLock { state in
            if state.isClosed { return nil }  // `connection`, if any, is dropped and closed
            if !state.waiters.isEmpty { return state.waiters.removeFirst() }
            if let connection { state.idle.append(connection) } else { state.emptySlots += 1 }
            return nil
        }
        waiter?.continuation.resume(returning: connection)
    }

    /// Refuses further takes, fails every waiter with `RedisError.shutdown`, and closes the idle
    /// connections. Slots still lent out are closed when given back.
    func close() {
        // Taken out under the lock, released after it: dropping the idle connections frees
        // their contexts, which closes their sockets.
        let (waiters, idle) = state.withLock { state in
            state.isClosed = true
            let taken = (Array(state.waiters), state.idle)
            state.waiters.removeAll()
            state.idle.removeAll()
            return taken
        }
        for waiter in waiters { waiter.continuation.resume(throwing: RedisError.shutdown) }
        withExtendedLifetime(idle) {}
    }

    /// How many callers are waiting for a slot (for tests and metrics).
    var waiterCount: Int { state.withLock { $0.waiters.count } }
}
