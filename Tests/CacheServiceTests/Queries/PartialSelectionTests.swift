import Testing

@testable import CacheService

/// The policies table's first-page selection and key comparisons against the whole-sort and
/// standard-library answers they replace.
@Suite struct PartialSelectionTests {
    @Test func firstKOfARandomSequenceIsTheSortedPrefix() {
        var generator = SystemRandomNumberGenerator()
        for count in [1, 2, 7, 50, 999, 1000, 1001] {
            let elements = (0..<3000).map { _ in Int.random(in: 0..<500, using: &generator) * 10_000 + Int.random(in: 0..<10_000) }
            let descending: (Int, Int) -> Bool = { $0 > $1 }
            #expect(PartialSelection.first(count, of: elements, by: <) == Array(elements.sorted().prefix(count)))
            #expect(PartialSelection.first(count, of: elements, by: descending) == Array(elements.sorted(by: >).prefix(count)))
        }
        #expect(PartialSelection.first(5, of: [3, 1, 2], by: <) == [1, 2, 3])
        #expect(PartialSelection.first(0, of: [3, 1, 2], by: <) == [])
    }

    @Test func keyComparisonsAgreeWithTheStandardLibrary() {
        let words = ["", "a", "ab", "abc", "b", "ba", "arn:aws:iam::1:role/x", "role/x", "\u{e9}t\u{e9}", "zz"].map { Array($0.utf8) }
        for lhs in words {
            for rhs in words {
                #expect(KeyBytes.precedes(lhs, rhs) == lhs.lexicographicallyPrecedes(rhs))
                #expect((KeyBytes.compare(lhs, rhs) == 0) == (lhs == rhs))
                #expect(KeyBytes.hasPrefix(lhs, rhs) == lhs.starts(with: rhs))
                #expect(KeyBytes.hasSuffix(lhs, rhs) == lhs.reversed().starts(with: rhs.reversed()))
                #expect(KeyBytes.contains(lhs, rhs) == (rhs.isEmpty || String(decoding: lhs, as: UTF8.self).contains(String(decoding: rhs, as: UTF8.self))))
            }
        }
        #expect(KeyBytes.contains(Array("aaab".utf8), Array("aab".utf8)))
        #expect(!KeyBytes.contains(Array("aaa".utf8), Array("aab".utf8)))
    }
}
