import Foundation

/// The profiles of the shared `~/.aws/credentials` and `~/.aws/config` files (INI).
///
/// In the credentials file a section is the profile name (`[dev]`); in the config file it is
/// `[profile dev]` (or `[default]`), and other section kinds (`[sso-session …]`, `[services …]`)
/// are skipped. Keys are case-insensitive; `#` and `;` start comment lines; indented lines
/// (nested settings such as `s3 =` blocks) are ignored.
public struct SharedConfigFile: Sendable, Equatable {
    /// Which of the two files is being read (their section headers differ).
    public enum Kind: Sendable {
        case credentials
        case config
    }

    /// Profile name to its settings (keys lower-cased).
    public private(set) var profiles: [String: [String: String]] = [:]

    public init(parsing text: String, kind: Kind) {
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let isIndented = rawLine.first == " " || rawLine.first == "\t"
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                current = Self.profileName(section: line, kind: kind)
                if let current, profiles[current] == nil { profiles[current] = [:] }
                continue
            }
            guard !isIndented, let current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { continue }
            profiles[current, default: [:]][key] = value
        }
    }

    /// The profile a `[section]` line opens, or nil for sections that are not profiles.
    private static func profileName(section line: String, kind: Kind) -> String? {
        guard let close = line.firstIndex(of: "]") else { return nil }
        let inner = line[line.index(after: line.startIndex)..<close].trimmingCharacters(in: .whitespaces)
        switch kind {
        case .credentials:
            return inner.isEmpty ? nil : inner
        case .config:
            if inner == "default" { return inner }
            guard inner.hasPrefix("profile ") || inner.hasPrefix("profile\t") else { return nil }
            let name = inner.dropFirst("profile".count).trimmingCharacters(in: .whitespaces)
            return name.isEmpty ? nil : name
        }
    }
}

/// The credentials and config files together: a profile's settings are the union of both, the
/// credentials file winning where both set a key.
struct SharedProfiles: Sendable {
    var credentials: SharedConfigFile
    var config: SharedConfigFile

    func profile(_ name: String) -> [String: String]? {
        let fromConfig = config.profiles[name]
        let fromCredentials = credentials.profiles[name]
        guard fromConfig != nil || fromCredentials != nil else { return nil }
        return (fromConfig ?? [:]).merging(fromCredentials ?? [:]) { _, credentialsValue in credentialsValue }
    }

    /// Reads both files from where the environment says they are (defaults `~/.aws/…`); a missing
    /// file counts as empty.
    static func load(from environment: CredentialEnvironment) throws -> SharedProfiles {
        let credentialsPath = environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials"
        let configPath = environment["AWS_CONFIG_FILE"] ?? "~/.aws/config"
        let credentialsText = try environment.readText(credentialsPath, purpose: "shared credentials file") ?? ""
        let configText = try environment.readText(configPath, purpose: "shared config file") ?? ""
        return SharedProfiles(
            credentials: SharedConfigFile(parsing: credentialsText, kind: .credentials),
            config: SharedConfigFile(parsing: configText, kind: .config))
    }
}
