/// An AWS config or credentials file edited line by line: sections are found by their
/// `[name]` headers, and an edit touches only the lines of the section (or block) it is about,
/// so comments, blank lines, other profiles and `[default]` stay byte for byte as they were.
struct INIDocument: Equatable {
    private(set) var lines: [String]
    /// Whether the text ended with a line break (kept as it was).
    private var endsWithNewline: Bool

    init(_ text: String) {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        endsWithNewline = text.hasSuffix("\n")
        if endsWithNewline { parts.removeLast() }
        if text.isEmpty { parts = [] }
        lines = parts
    }

    var text: String {
        lines.isEmpty ? "" : lines.joined(separator: "\n") + (endsWithNewline ? "\n" : "")
    }

    /// The section name of a header line (`[profile dev]` → `profile dev`), if it is one.
    static func header(_ line: String) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("["), let close = trimmed.lastIndex(of: "]") else { return nil }
        return trimmed[trimmed.index(after: trimmed.startIndex)..<close].trimmingCharacters(in: .whitespaces)
    }

    /// The names of every section, in order.
    var sectionNames: [String] { lines.compactMap(Self.header) }

    /// The line range of section `name` (its header up to the next header), if present.
    func range(of name: String) -> Range<Int>? {
        guard let start = lines.firstIndex(where: { Self.header($0) == name }) else { return nil }
        let end = lines[(start + 1)...].firstIndex(where: { Self.header($0) != nil }) ?? lines.count
        return start..<end
    }

    /// The value of `key` in section `name`.
    func value(_ key: String, in name: String) -> String? {
        guard let range = range(of: name) else { return nil }
        for line in lines[range].dropFirst() {
            if let (found, value) = Self.keyValue(line), found == key { return value }
        }
        return nil
    }

    static func keyValue(_ line: String) -> (String, String)? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.hasPrefix("#"), !trimmed.hasPrefix(";"), let equals = trimmed.firstIndex(of: "=") else { return nil }
        return (
            trimmed[..<equals].trimmingCharacters(in: .whitespaces),
            trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        )
    }

    /// Sets `values` (in order) in section `name`: existing keys are replaced where they are,
    /// new ones go after the section's last non-blank line; a missing section is appended.
    mutating func set(_ values: [(String, String)], in name: String) {
        guard let range = range(of: name) else {
            appendBlock(["[\(name)]"] + values.map { "\($0.0) = \($0.1)" })
            return
        }
        var insertAt = range.lowerBound + 1
        for index in range.dropFirst() where !lines[index].trimmingCharacters(in: .whitespaces).isEmpty {
            insertAt = index + 1
        }
        var added: [String] = []
        for (key, value) in values {
            let current = self.range(of: name)!
            if let index = current.dropFirst().first(where: { Self.keyValue(lines[$0])?.0 == key }) {
                lines[index] = "\(key) = \(value)"
            } else {
                added.append("\(key) = \(value)")
            }
        }
        lines.insert(contentsOf: added, at: insertAt)
        if !added.isEmpty, insertAt == lines.count - added.count { endsWithNewline = true }
    }

    /// Appends `block` at the end, after one blank line when the file has text.
    mutating func appendBlock(_ block: [String]) {
        if let last = lines.last, !last.trimmingCharacters(in: .whitespaces).isEmpty { lines.append("") }
        lines.append(contentsOf: block)
        endsWithNewline = true
    }

    // MARK: Marked blocks

    /// The line range from the line `begin` to the line `end` (inclusive), if both are present.
    func markedRange(begin: String, end: String) -> ClosedRange<Int>? {
        guard let start = lines.firstIndex(of: begin),
              let stop = lines[start...].firstIndex(of: end)
        else { return nil }
        return start...stop
    }

    /// Replaces the marked block (markers included) with `block`, or appends it when absent.
    mutating func replaceMarked(begin: String, end: String, with block: [String]) {
        if let range = markedRange(begin: begin, end: end) {
            lines.replaceSubrange(range, with: block)
        } else {
            appendBlock(block)
        }
    }
}
