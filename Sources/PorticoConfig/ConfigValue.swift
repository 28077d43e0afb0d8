import Yams

/// A parsed configuration document: YAML reduced to the shapes configuration uses, with every
/// scalar's resolved YAML type kept so a reader can say "expected an integer, found a string".
public indirect enum ConfigValue: Sendable, Hashable {
    case null
    case scalar(String, ScalarKind)
    case list([ConfigValue])
    /// Keys in document order; YAML keys of any scalar type are read as strings.
    case map([(key: String, value: ConfigValue)])

    /// The YAML type a scalar resolved to.
    public enum ScalarKind: Sendable, Hashable {
        case string, int, float, bool
    }

    public static func == (lhs: ConfigValue, rhs: ConfigValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.scalar(a, k), .scalar(b, l)): a == b && k == l
        case let (.list(a), .list(b)): a == b
        case let (.map(a), .map(b)): a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case let .scalar(text, kind): hasher.combine(text); hasher.combine(kind)
        case let .list(items): hasher.combine(items)
        case let .map(pairs): for pair in pairs { hasher.combine(pair.key); hasher.combine(pair.value) }
        }
    }

    /// A short, human description of the value's type for error messages.
    var kindDescription: String {
        switch self {
        case .null: "nothing (null)"
        case .scalar(_, .string): "a string"
        case .scalar(_, .int): "an integer"
        case .scalar(_, .float): "a number"
        case .scalar(_, .bool): "a boolean"
        case .list: "a list"
        case .map: "a mapping"
        }
    }

    /// The value for `key` when this is a mapping.
    public subscript(key: String) -> ConfigValue? {
        guard case let .map(pairs) = self else { return nil }
        return pairs.last(where: { $0.key == key })?.value
    }

    /// Parses YAML text. An empty document is an empty mapping.
    public static func parse(yaml: String, source: String) throws(ConfigError) -> ConfigValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigError.unparsable(source: source, reason: String(describing: error))
        }
        guard let node else { return .map([]) }
        return try ConfigValue(node, source: source, path: [])
    }

    private init(_ node: Node, source: String, path: [String]) throws(ConfigError) {
        switch node {
        case let .scalar(scalar):
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: self = .null
            case .int: self = .scalar(scalar.string, .int)
            case .float: self = .scalar(scalar.string, .float)
            case .bool: self = .scalar(scalar.string, .bool)
            default: self = .scalar(scalar.string, .string)
            }
        case let .sequence(sequence):
            var items: [ConfigValue] = []
            for (index, item) in sequence.enumerated() {
                items.append(try ConfigValue(item, source: source, path: path + ["[\(index)]"]))
            }
            self = .list(items)
        case let .mapping(mapping):
            var pairs: [(key: String, value: ConfigValue)] = []
            for (keyNode, valueNode) in mapping {
                guard case let .scalar(key) = keyNode else {
                    throw ConfigError.unparsable(
                        source: source, reason: "\(ConfigPath.render(path)): mapping keys must be plain scalars")
                }
                if pairs.contains(where: { $0.key == key.string }) {
                    throw ConfigError.unparsable(
                        source: source,
                        reason: "\(ConfigPath.render(path + [key.string])): the key appears twice")
                }
                pairs.append((key.string, try ConfigValue(valueNode, source: source, path: path + [key.string])))
            }
            self = .map(pairs)
        case .alias:
            throw ConfigError.unparsable(source: source, reason: "\(ConfigPath.render(path)): unresolved alias")
        }
    }

    /// This mapping with `other`'s keys laid over it, recursively: the rule for `extends:`.
    func overlaid(with other: ConfigValue) -> ConfigValue {
        guard case let .map(base) = self, case let .map(top) = other else { return other }
        var merged = base
        for pair in top {
            if let index = merged.firstIndex(where: { $0.key == pair.key }) {
                merged[index].value = merged[index].value.overlaid(with: pair.value)
            } else {
                merged.append(pair)
            }
        }
        return .map(merged)
    }

    /// This mapping with the value at `path` replaced (created when missing).
    func setting(_ path: [String], to value: ConfigValue) -> ConfigValue {
        guard let first = path.first else { return value }
        var pairs: [(key: String, value: ConfigValue)] = []
        if case let .map(existing) = self { pairs = existing }
        if let index = pairs.firstIndex(where: { $0.key == first }) {
            pairs[index].value = pairs[index].value.setting(Array(path.dropFirst()), to: value)
        } else {
            pairs.append((first, ConfigValue.null.setting(Array(path.dropFirst()), to: value)))
        }
        return .map(pairs)
    }
}

/// Renders key paths the way an operator writes them: `auth.session.secret`, `services.auth[0]`.
enum ConfigPath {
    static func render(_ path: [String]) -> String {
        guard !path.isEmpty else { return "(top level)" }
        var text = ""
        for part in path {
            if part.hasPrefix("[") { text += part } else { text += text.isEmpty ? part : "." + part }
        }
        return text
    }
}
