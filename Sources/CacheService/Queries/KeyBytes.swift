#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Comparisons on the policies table's lowercased UTF-8 keys, done with `memcmp`/`memchr` on the
/// keys' own storage so the per-row filter and sort loops never allocate or go through generic
/// collection algorithms.
enum KeyBytes {
    /// Byte-wise lexicographic order: negative when `lhs` comes first, zero when equal.
    static func compare(_ lhs: [UInt8], _ rhs: [UInt8]) -> Int {
        lhs.withUnsafeBufferPointer { left in
            rhs.withUnsafeBufferPointer { right in
                let common = min(left.count, right.count)
                if common > 0 {
                    let order = memcmp(left.baseAddress!, right.baseAddress!, common)
                    if order != 0 { return Int(order) }
                }
                return left.count - right.count
            }
        }
    }

    static func precedes(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool { compare(lhs, rhs) < 0 }

    static func hasPrefix(_ value: [UInt8], _ needle: [UInt8]) -> Bool {
        guard value.count >= needle.count else { return false }
        guard !needle.isEmpty else { return true }
        return value.withUnsafeBufferPointer { v in
            needle.withUnsafeBufferPointer { n in memcmp(v.baseAddress!, n.baseAddress!, n.count) == 0 }
        }
    }

    static func hasSuffix(_ value: [UInt8], _ needle: [UInt8]) -> Bool {
        guard value.count >= needle.count else { return false }
        guard !needle.isEmpty else { return true }
        return value.withUnsafeBufferPointer { v in
            needle.withUnsafeBufferPointer { n in memcmp(v.baseAddress! + (v.count - n.count), n.baseAddress!, n.count) == 0 }
        }
    }

    /// Whether `needle` occurs anywhere in `value`.
    static func contains(_ value: [UInt8], _ needle: [UInt8]) -> Bool {
        guard value.count >= needle.count else { return false }
        guard !needle.isEmpty else { return true }
        return value.withUnsafeBufferPointer { v in
            needle.withUnsafeBufferPointer { n in
                let base = v.baseAddress!
                let first = Int32(n[0])
                let last = v.count - n.count
                var position = 0
                while position <= last {
                    guard let hit = memchr(base + position, first, last - position + 1) else { return false }
                    position = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + position, n.baseAddress!, n.count) == 0 { return true }
                    position += 1
                }
                return false
            }
        }
    }
}
