/// One column filter of the policies table, checked on lowercased bytes: a substring, a prefix
/// (`^text`), a suffix (`text$`) or the whole value (`^text$`). Anything else that looks like a
/// regular expression is refused rather than half-understood.
public struct InventoryFilter: Sendable, Hashable {
    /// The columns rows can be filtered and sorted by.
    public enum Column: String, Sendable, Hashable, CaseIterable {
        case accountID = "account_id"
        case accountName = "account_name"
        case arn
        case technology
    }

    public enum Anchor: Sendable, Hashable { case anywhere, prefix, suffix, whole }

    public let column: Column
    public let anchor: Anchor
    /// The text to find, lowercased.
    public let needle: [UInt8]

    /// The characters that only mean something in a regular expression.
    static let refused: Set<Character> = ["[", "]", "(", ")", "*", "+", "?", "{", "}", "|", "\\"]

    /// Parses `pattern` for `column` (a column name as in `Column`).
    /// - Throws: `CacheError.invalidArgument` naming the filter.
    public init(column: String, pattern: String) throws(CacheError) {
        guard let parsed = Column(rawValue: column) else {
            throw .invalidArgument("filters.\(column.prefix(40)): not a column (account_id, account_name, arn, technology)")
        }
        guard pattern.utf8.count <= 512 else { throw .invalidArgument("filters.\(column): at most 512 bytes") }
        var text = Substring(pattern)
        let start = text.hasPrefix("^")
        if start { text = text.dropFirst() }
        let end = text.hasSuffix("$") && !text.isEmpty
        if end { text = text.dropLast() }
        if let bad = text.first(where: { Self.refused.contains($0) || $0 == "^" || $0 == "$" }) {
            throw .invalidArgument(
                "filters.\(column): '\(bad)' is not supported; use text, ^prefix, suffix$ or ^exact$ (case-insensitive)")
        }
        self.column = parsed
        self.anchor = start && end ? .whole : start ? .prefix : end ? .suffix : .anywhere
        self.needle = Array(text.lowercased().utf8)
    }

    /// Whether `value` (lowercased bytes of the column) matches.
    func matches(_ value: [UInt8]) -> Bool {
        switch anchor {
        case .whole: return value.count == needle.count && KeyBytes.hasPrefix(value, needle)
        case .prefix: return KeyBytes.hasPrefix(value, needle)
        case .suffix: return KeyBytes.hasSuffix(value, needle)
        case .anywhere: return KeyBytes.contains(value, needle)
        }
    }
}
