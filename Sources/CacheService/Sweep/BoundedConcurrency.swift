/// Runs `body` over `items` with at most `limit` calls in flight, and returns the results in
/// the order of `items`. The first error cancels the rest and is thrown.
@discardableResult
func concurrentMap<Item: Sendable, Result: Sendable>(
    _ items: [Item], limit: Int, _ body: @escaping @Sendable (Item) async throws -> Result
) async throws -> [Result] {
    guard !items.isEmpty else { return [] }
    return try await withThrowingTaskGroup(of: (Int, Result).self) { group in
        var results = [Result?](repeating: nil, count: items.count)
        var next = 0
        func startNext() {
            guard next < items.count else { return }
            let index = next
            let item = items[index]
            group.addTask { (index, try await body(item)) }
            next += 1
        }
        for _ in 0..<min(max(limit, 1), items.count) { startNext() }
        while let (index, result) = try await group.next() {
            results[index] = result
            startNext()
        }
        return results.compactMap { $0 }
    }
}
