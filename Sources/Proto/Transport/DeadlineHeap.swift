import NIOCore

/// The deadlines of a connection's open calls, keyed by stream id, so one event-loop timer
/// (set for the earliest) serves them all. Inserting and removing are O(log n); a NIO
/// scheduled task per call would cost a linear search of the loop's timer queue on every
/// cancellation, which thousands of concurrent calls make quadratic.
struct DeadlineHeap<Key: Hashable> {
    private var entries: [(deadline: NIODeadline, key: Key)] = []
    private var positions: [Key: Int] = [:]

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }

    /// The earliest deadline, if any.
    var earliest: NIODeadline? { entries.first?.deadline }

    /// Adds `key` (replacing its previous deadline, if it had one).
    mutating func insert(_ key: Key, deadline: NIODeadline) {
        remove(key)
        entries.append((deadline, key))
        positions[key] = entries.count - 1
        siftUp(entries.count - 1)
    }

    /// Removes `key`; returns whether it was present.
    @discardableResult
    mutating func remove(_ key: Key) -> Bool {
        guard let index = positions.removeValue(forKey: key) else { return false }
        let last = entries.count - 1
        if index != last {
            entries.swapAt(index, last)
            positions[entries[index].key] = index
        }
        entries.removeLast()
        if index < entries.count {
            siftDown(index)
            siftUp(index)
        }
        return true
    }

    /// Removes and returns every key whose deadline is at or before `now`, earliest first.
    mutating func popExpired(now: NIODeadline) -> [Key] {
        var expired: [Key] = []
        while let first = entries.first, first.deadline <= now {
            expired.append(first.key)
            remove(first.key)
        }
        return expired
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].deadline < entries[parent].deadline else { return }
            swapEntries(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < entries.count else { return }
            var smallest = left
            let right = left + 1
            if right < entries.count, entries[right].deadline < entries[left].deadline { smallest = right }
            guard entries[smallest].deadline < entries[parent].deadline else { return }
            swapEntries(smallest, parent)
            parent = smallest
        }
    }

    private mutating func swapEntries(_ a: Int, _ b: Int) {
        entries.swapAt(a, b)
        positions[entries[a].key] = a
        positions[entries[b].key] = b
    }
}

/// One event-loop timer for a `DeadlineHeap`: armed for the earliest deadline, re-armed only
/// when an earlier one arrives or after it fires.
struct DeadlineTimer {
    private var scheduled: Scheduled<Void>?
    private var firesAt: NIODeadline?

    /// Makes sure the timer fires no later than `earliest`; `fire` runs on `eventLoop`.
    mutating func arm(for earliest: NIODeadline?, on eventLoop: any EventLoop, fire: @escaping @Sendable () -> Void) {
        guard let earliest else { return }
        if let firesAt, firesAt <= earliest { return }
        scheduled?.cancel()
        firesAt = earliest
        scheduled = eventLoop.scheduleTask(deadline: earliest, fire)
    }

    /// Call when the timer has fired, before re-arming.
    mutating func fired() {
        scheduled = nil
        firesAt = nil
    }

    mutating func cancel() {
        scheduled?.cancel()
        scheduled = nil
        firesAt = nil
    }
}
