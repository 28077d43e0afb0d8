import Foundation

/// A `POST /api/v2/requests` text filter (ConsoleMe's case-insensitive regular expression) made
/// cheap when it is plain text: a substring, `^prefix`, `suffix$` or `^exact$` is compared on
/// lowercased text; anything else is a regular expression. A list reads every row of the index,
/// so this is what each row costs.
enum RequestRowPattern {
    case anywhere(String)
    case prefix(String)
    case suffix(String)
    case whole(String)
    case regex(NSRegularExpression)

    /// The characters that only mean something in a regular expression (besides `^` and `$`).
    static let special = Set(".[]()*+?{}|\\^$")

    /// Nil when `pattern` is not a regular expression.
    init?(_ pattern: String) {
        var text = Substring(pattern)
        let start = text.hasPrefix("^")
        if start { text = text.dropFirst() }
        let end = text.hasSuffix("$") && !text.hasSuffix("\\$")
        if end { text = text.dropLast() }
        if !text.contains(where: Self.special.contains) {
            let needle = text.lowercased()
            self = start && end ? .whole(needle) : start ? .prefix(needle) : end ? .suffix(needle) : .anywhere(needle)
            return
        }
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return nil }
        self = .regex(regex)
    }

    func matches(_ value: String) -> Bool {
        switch self {
        case .anywhere(let needle): needle.isEmpty || value.lowercased().contains(needle)
        case .prefix(let needle): value.lowercased().hasPrefix(needle)
        case .suffix(let needle): value.lowercased().hasSuffix(needle)
        case .whole(let needle): value.lowercased() == needle
        case .regex(let regex): regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
        }
    }
}
