/// A shell-style pattern over text, as IAM matches actions and ARNs: `*` any run of characters,
/// `?` one character, everything else literal. Matching is by Unicode scalar and, when asked,
/// case-insensitive (actions are; ARNs and condition values are not).
public struct Glob: Sendable, Hashable {
    public let pattern: String
    public let caseInsensitive: Bool
    private let scalars: [Unicode.Scalar]

    public init(_ pattern: String, caseInsensitive: Bool = false) {
        self.pattern = pattern
        self.caseInsensitive = caseInsensitive
        scalars = Array((caseInsensitive ? pattern.lowercased() : pattern).unicodeScalars)
    }

    /// Whether the pattern holds `*` or `?`.
    public var hasWildcards: Bool { scalars.contains("*") || scalars.contains("?") }

    public func matches(_ text: String) -> Bool {
        let subject = Array((caseInsensitive ? text.lowercased() : text).unicodeScalars)
        // Iterative matching with one backtrack point for the last `*`: linear in practice.
        var p = 0, s = 0, star = -1, mark = 0
        while s < subject.count {
            if p < scalars.count, scalars[p] == "?" || (scalars[p] != "*" && scalars[p] == subject[s]) {
                p += 1
                s += 1
            } else if p < scalars.count, scalars[p] == "*" {
                star = p
                mark = s
                p += 1
            } else if star >= 0 {
                p = star + 1
                mark += 1
                s = mark
            } else {
                return false
            }
        }
        while p < scalars.count, scalars[p] == "*" { p += 1 }
        return p == scalars.count
    }
}
