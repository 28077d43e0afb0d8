public import PorticoCore

/// Reads typed values out of one mapping of a configuration document, keeping the key path for
/// error messages and remembering which keys were read so the unread ones can be reported as
/// unknown.
public struct ConfigReader: Sendable {
    let value: ConfigValue?
    let path: [String]
    let usage: ConfigUsage

    init(value: ConfigValue?, path: [String], usage: ConfigUsage) {
        self.value = value
        self.path = path
        self.usage = usage
    }

    /// The rendered key path of `key` below this mapping.
    public func keyPath(_ key: String) -> String { ConfigPath.render(path + [key]) }

    /// The raw value at `key`, marking it used; `nil` when absent or null.
    func lookup(_ key: String) -> ConfigValue? {
        usage.markUsed(path + [key])
        guard let found = value?[key], found != .null else { return nil }
        return found
    }

    /// The raw value at `key`, marking the whole subtree as used (for free-form sections).
    public func raw(_ key: String) -> ConfigValue? {
        usage.markSubtreeUsed(path + [key])
        return lookup(key)
    }

    private func mismatch(_ key: String, expected: String, found: ConfigValue) -> ConfigError {
        .invalidValue(key: keyPath(key), expected: expected, found: found.kindDescription)
    }

    // MARK: Scalars

    public func string(_ key: String, default fallback: String) throws(ConfigError) -> String {
        try optionalString(key) ?? fallback
    }

    /// An HTTP token (RFC 9110 `tchar`s, not empty): what a header or cookie name must be.
    public func token(_ key: String, default fallback: String) throws(ConfigError) -> String {
        let text = try string(key, default: fallback)
        let allowed = Set("!#$%&'*+-.^_`|~".utf8)
        let isToken = !text.isEmpty && text.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || allowed.contains(byte)
        }
        guard isToken else {
            throw .invalidValue(
                key: keyPath(key), expected: "a header or cookie name (letters, digits and !#$%&'*+-.^_`|~)",
                found: "'\(text)'")
        }
        return text
    }

    public func optionalString(_ key: String) throws(ConfigError) -> String? {
        guard let found = lookup(key) else { return nil }
        guard case let .scalar(text, kind) = found, kind != .bool else {
            throw mismatch(key, expected: "a string", found: found)
        }
        return text
    }

    public func secret(_ key: String) throws(ConfigError) -> Secret? {
        guard let found = lookup(key) else { return nil }
        guard case let .scalar(text, kind) = found, kind == .string || kind == .int else {
            throw mismatch(key, expected: "a string", found: found)
        }
        return text.isEmpty ? nil : Secret(text)
    }

    public func int(_ key: String, default fallback: Int, in range: ClosedRange<Int>? = nil) throws(ConfigError) -> Int {
        guard let found = lookup(key) else { return fallback }
        guard case let .scalar(text, .int) = found, let number = Int(text) else {
            throw mismatch(key, expected: "an integer", found: found)
        }
        if let range, !range.contains(number) {
            throw .invalidValue(
                key: keyPath(key), expected: "an integer from \(range.lowerBound) to \(range.upperBound)",
                found: String(number))
        }
        return number
    }

    public func double(_ key: String, default fallback: Double) throws(ConfigError) -> Double {
        guard let found = lookup(key) else { return fallback }
        guard case let .scalar(text, kind) = found, kind == .int || kind == .float, let number = Double(text) else {
            throw mismatch(key, expected: "a number", found: found)
        }
        return number
    }

    public func bool(_ key: String, default fallback: Bool) throws(ConfigError) -> Bool {
        guard let found = lookup(key) else { return fallback }
        guard case let .scalar(text, .bool) = found else {
            throw mismatch(key, expected: "true or false", found: found)
        }
        return ["true", "yes", "on", "y"].contains(text.lowercased())
    }

    /// A value from a fixed set of choices, e.g. `environment: dev | prod`.
    public func choice<T: RawRepresentable & CaseIterable>(_ key: String, default fallback: T) throws(ConfigError) -> T
    where T.RawValue == String {
        guard let text = try optionalString(key) else { return fallback }
        guard let chosen = T(rawValue: text) else {
            let options = T.allCases.map { $0.rawValue }.joined(separator: ", ")
            throw .invalidValue(key: keyPath(key), expected: "one of \(options)", found: "'\(text)'")
        }
        return chosen
    }

    public func address(_ key: String, default fallback: HostPort) throws(ConfigError) -> HostPort {
        guard let text = try optionalString(key) else { return fallback }
        return try HostPort(parsing: text, key: keyPath(key))
    }

    public func optionalAddress(_ key: String) throws(ConfigError) -> HostPort? {
        guard let text = try optionalString(key) else { return nil }
        return try HostPort(parsing: text, key: keyPath(key))
    }

    // MARK: Collections

    public func strings(_ key: String, default fallback: [String] = []) throws(ConfigError) -> [String] {
        guard let found = lookup(key) else { return fallback }
        guard case let .list(items) = found else { throw mismatch(key, expected: "a list of strings", found: found) }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            usage.markUsed(path + [key, "[\(index)]"])
            guard case let .scalar(text, kind) = item, kind != .bool else {
                throw .invalidValue(
                    key: ConfigPath.render(path + [key, "[\(index)]"]), expected: "a string",
                    found: item.kindDescription)
            }
            result.append(text)
        }
        return result
    }

    public func addresses(_ key: String, default fallback: [HostPort]) throws(ConfigError) -> [HostPort] {
        guard lookup(key) != nil else { return fallback }
        var result: [HostPort] = []
        for (index, text) in try strings(key).enumerated() {
            result.append(try HostPort(parsing: text, key: ConfigPath.render(path + [key, "[\(index)]"])))
        }
        return result
    }

    /// A mapping of plain strings to strings, e.g. `accounts: {"111111111111": prod}`.
    public func stringMap(_ key: String) throws(ConfigError) -> [String: String] {
        var result: [String: String] = [:]
        for entryKey in try entries(key) {
            result[entryKey] = try section(key).string(entryKey, default: "")
        }
        return result
    }

    /// The keys of a free-form mapping (one whose keys are data, like client names).
    public func entries(_ key: String) throws(ConfigError) -> [String] {
        guard let found = lookup(key) else { return [] }
        guard case let .map(pairs) = found else { throw mismatch(key, expected: "a mapping", found: found) }
        return pairs.map(\.key)
    }

    /// The mappings of a list of mappings (`dev_users: [{email: …}, …]`), each read through its
    /// own reader whose key path carries the index; nil when the key is absent.
    public func mappings(_ key: String) throws(ConfigError) -> [ConfigReader]? {
        guard let found = lookup(key) else { return nil }
        guard case let .list(items) = found else { throw mismatch(key, expected: "a list of mappings", found: found) }
        var readers: [ConfigReader] = []
        for (index, item) in items.enumerated() {
            let itemPath = path + [key, "[\(index)]"]
            guard case .map = item else {
                throw .invalidValue(key: ConfigPath.render(itemPath), expected: "a mapping", found: item.kindDescription)
            }
            readers.append(ConfigReader(value: item, path: itemPath, usage: usage))
        }
        return readers
    }

    /// The nested mapping at `key` (an empty one when absent).
    public func section(_ key: String) throws(ConfigError) -> ConfigReader {
        let found = lookup(key)
        if let found, case .map = found {} else if let found {
            throw mismatch(key, expected: "a mapping", found: found)
        }
        return ConfigReader(value: found, path: path + [key], usage: usage)
    }
}
