/// Owns every C allocation made while one message is encoded for protobuf-c, and frees them
/// all at once when it is released: strings, arrays and nested message structs built by the
/// generated bridge never outlive the `encode` call that made them, on every path.
///
/// Use only through `CArena.scoped`, which keeps the arena alive until the body returns (a
/// plain local could be released after its last use while C still reads its memory).
final class CArena {
    private var allocations: [UnsafeMutableRawPointer] = []

    private init() {}

    deinit {
        for allocation in allocations {
            allocation.deallocate()
        }
    }

    /// Runs `body` with a fresh arena and frees everything allocated in it afterwards.
    static func scoped<Result>(_ body: (CArena) throws -> Result) rethrows -> Result {
        let arena = CArena()
        return try withExtendedLifetime(arena) { try body(arena) }
    }

    /// Uninitialized memory for `count` values of a trivial C type, owned by the arena.
    func allocate<Element>(_ type: Element.Type, count: Int = 1) -> UnsafeMutablePointer<Element> {
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: MemoryLayout<Element>.stride * Swift.max(count, 1),
            alignment: MemoryLayout<Element>.alignment)
        allocations.append(raw)
        return raw.bindMemory(to: Element.self, capacity: Swift.max(count, 1))
    }
}
