/// The first `count` elements of a sequence in an order, without sorting the whole sequence:
/// a bounded max-heap keeps the best `count` seen so far (n log k), for a first page of a
/// large filtered table.
enum PartialSelection {
    /// The `count` first of `elements` by `precedes` (a strict total order), in that order.
    static func first(_ count: Int, of elements: [Int], by precedes: (Int, Int) -> Bool) -> [Int] {
        guard count > 0 else { return [] }
        guard elements.count > count else { return elements.sorted(by: precedes) }
        // heap[0] is the last (worst) of the kept elements.
        var heap = Array(elements[0..<count])
        func siftDown(_ start: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1
                guard left < heap.count else { return }
                var worst = left
                if left + 1 < heap.count && precedes(heap[left], heap[left + 1]) { worst = left + 1 }
                guard precedes(heap[parent], heap[worst]) else { return }
                heap.swapAt(parent, worst)
                parent = worst
            }
        }
        for index in stride(from: count / 2 - 1, through: 0, by: -1) { siftDown(index) }
        for element in elements[count...] where precedes(element, heap[0]) {
            heap[0] = element
            siftDown(0)
        }
        return heap.sorted(by: precedes)
    }
}
