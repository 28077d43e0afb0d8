import Foundation

/// Runs blocking work (waiting for a child process, a blocking socket read) on a thread of its
/// own and awaits the result. Swift Testing runs tests on the cooperative pool, which has one
/// thread per core: a test that blocks one of them stalls every other test on a 2-core machine.
public func runBlocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
}
