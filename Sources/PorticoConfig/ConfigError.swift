/// Why configuration could not be loaded. Each case names the file or key path at fault and what
/// was expected, so an operator can fix it without reading code. Values of secret keys are never
/// included.
public enum ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The text is not valid YAML (or has duplicate keys).
    case unparsable(source: String, reason: String)
    /// A key holds a value of the wrong type or out of range.
    case invalidValue(key: String, expected: String, found: String)
    /// `extends:` files include each other.
    case extendsCycle(chain: [String])
    /// A production start lacks a secret it needs.
    case missingSecret(key: String, environmentVariable: String)
    /// A production secret is shorter than the minimum (its value is never shown).
    case secretTooShort(key: String, minimumBytes: Int)
    /// A URL outside development is not https (its value is never shown: it may be a secret).
    case insecureURL(key: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "cannot read config file \(path): \(reason)"
        case let .unparsable(source, reason): "config \(source) is not valid YAML: \(reason)"
        case let .invalidValue(key, expected, found): "config key '\(key)': expected \(expected), found \(found)"
        case let .extendsCycle(chain): "config 'extends' forms a cycle: \(chain.joined(separator: " -> "))"
        case let .missingSecret(key, variable):
            "config key '\(key)' is required in production: set it in the config file or in \(variable)"
        case let .secretTooShort(key, minimum):
            "config key '\(key)' must be at least \(minimum) bytes in production"
        case let .insecureURL(key):
            "config key '\(key)' must be an https URL unless environment is dev"
        }
    }
}
