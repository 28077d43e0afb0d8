import Synchronization

/// Counts the AWS calls one sweep makes (for its status, the metrics and the benchmark).
final class AWSCallTally: Sendable {
    private let count = Atomic<Int>(0)

    /// Counts one call and runs it.
    func call<Value>(_ body: () async throws -> Value) async rethrows -> Value {
        count.add(1, ordering: .relaxed)
        return try await body()
    }

    /// Counts `n` calls already made (pages of a paginated listing, say).
    func add(_ n: Int) { count.add(n, ordering: .relaxed) }

    var total: Int { count.load(ordering: .relaxed) }
}
