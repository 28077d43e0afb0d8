@testable import PorticoRedis
import PorticoTestSupport
import Synchronization
import Testing

@Suite("Connection pool")
struct ConnectionPoolTests {
    /// Queues a waiter and returns once it is in the queue.
    private func enqueueWaiter(
        _ pool: ConnectionPool, named name: String, served: ServedOrder
    ) async throws -> Task<Void, any Error> {
        let queuedBefore = pool.waiterCount
        let task = Task {
            let slot = try await pool.take()
            served.append(name)
            pool.giveBack(slot)
        }
        try await awaitCondition("\(name) is queued") { pool.waiterCount == queuedBefore + 1 }
        return task
    }

    @Test("when every slot is taken, waiters are served in arrival order")
    func waitersAreServedFirstInFirstOut() async throws {
        let pool = ConnectionPool(size: 1)
        let held = try await pool.take()
        #expect(held == nil, "a fresh pool lends empty slots")
        let served = ServedOrder()
        var tasks: [Task<Void, any Error>] = []
        for name in ["first", "second", "third", "fourth"] {
            tasks.append(try await enqueueWaiter(pool, named: name, served: served))
        }
        pool.giveBack(held)
        for task in tasks { try await task.value }
        #expect(served.names == ["first", "second", "third", "fourth"])
        #expect(pool.waiterCount == 0)
    }

    @Test("a cancelled waiter leaves the queue with CancellationError and takes no slot")
    func cancelledWaiterLeavesTheQueue() async throws {
        let pool = ConnectionPool(size: 1)
        let held = try await pool.take()
        let served = ServedOrder()
        let waiter = try await enqueueWaiter(pool, named: "cancelled", served: served)
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(pool.waiterCount == 0)
        pool.giveBack(held)
        _ = try await pool.take()
        #expect(served.names.isEmpty)
    }

    @Test("closing the pool fails every waiter and every later take with RedisError.shutdown")
    func closeFailsWaiters() async throws {
        let pool = ConnectionPool(size: 1)
        _ = try await pool.take()
        let served = ServedOrder()
        let waiter = try await enqueueWaiter(pool, named: "waiting", served: served)
        pool.close()
        await #expect(throws: RedisError.shutdown) { try await waiter.value }
        await #expect(throws: RedisError.shutdown) { try await pool.take() }
    }
}

/// The order in which waiters got a slot.
private final class ServedOrder: Sendable {
    private let state = Mutex<[String]>([])
    func append(_ name: String) { state.withLock { $0.append(name) } }
    var names: [String] { state.withLock { $0 } }
}
