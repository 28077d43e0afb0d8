import Foundation

/// Finds, reads and validates the configuration of a Portico process.
///
/// Search order: the `--config` path, then `CONFIG_LOCATION`, `./portico.yaml`,
/// `~/.config/portico/config.yaml`, `/etc/portico/config.yaml`, and finally the built-in
/// development example. A file may say `extends: other.yaml` (or a list) to start from another
/// file, resolved relative to itself. Secrets may come from the environment instead of the file.
/// A file is production unless it says `environment: dev`; only the built-in example is dev.
public struct ConfigLoader: Sendable {
    /// The process environment (injectable for tests).
    public var environment: [String: String]
    /// The directory `./portico.yaml` is looked up in.
    public var workingDirectory: String

    /// A loader for this process: its environment and working directory.
    public init() {
        self.init(
            environment: ProcessInfo.processInfo.environment,
            workingDirectory: FileManager.default.currentDirectoryPath)
    }

    public init(environment: [String: String], workingDirectory: String) {
        self.environment = environment
        self.workingDirectory = workingDirectory
    }

    /// A configuration with where it came from and what looked wrong but not fatal.
    public struct Loaded: Sendable {
        public var configuration: PorticoConfiguration
        /// The file read, or `built-in development example`.
        public var source: String
        /// Unknown keys and development fallbacks, for the operator's log.
        public var warnings: [String]
    }

    /// Environment variables that override a key (secrets stay out of files this way).
    public static let environmentOverrides: [(variable: String, key: [String])] = [
        ("PORTICO_ENVIRONMENT", ["environment"]),
        ("PORTICO_RPC_SECRET", ["rpc", "secret"]),
        ("PORTICO_SESSION_SECRET", ["auth", "session", "secret"]),
        ("PORTICO_REDIS_PASSWORD", ["redis", "password"]),
        ("PORTICO_METRICS_TOKEN", ["metrics", "bearer_token"]),
        ("PORTICO_AWS_ENDPOINT_URL", ["aws", "endpoint_url"]),
        ("PORTICO_SLACK_WEBHOOK_URL", ["slack", "webhook_url"]),
    ]

    /// Loads from `explicitPath` or the search order.
    public func load(explicitPath: String? = nil) throws(ConfigError) -> Loaded {
        let document: ConfigValue
        let source: String
        if let path = explicitPath ?? environment["CONFIG_LOCATION"].flatMap({ $0.isEmpty ? nil : $0 }) {
            source = path
            document = try readWithExtends(path: absolute(path), chain: [])
        } else if let found = searchPaths().first(where: { FileManager.default.fileExists(atPath: $0) }) {
            source = found
            document = try readWithExtends(path: found, chain: [])
        } else {
            source = "built-in development example"
            document = try ConfigValue.parse(yaml: DevelopmentConfiguration.yaml, source: source)
        }
        return try load(document: document, source: source)
    }

    /// Loads from YAML text (no `extends:` resolution beyond the working directory).
    public func load(yaml: String, source: String = "inline") throws(ConfigError) -> Loaded {
        var document = try ConfigValue.parse(yaml: yaml, source: source)
        document = try resolveExtends(of: document, relativeTo: workingDirectory, chain: [source])
        return try load(document: document, source: source)
    }

    private func load(document: ConfigValue, source: String) throws(ConfigError) -> Loaded {
        guard case .map = document else {
            throw .invalidValue(key: "(top level)", expected: "a mapping of keys", found: document.kindDescription)
        }
        let withEnvironment = applyingEnvironment(to: document)
        let usage = ConfigUsage()
        let reader = ConfigReader(value: withEnvironment, path: [], usage: usage)
        var configuration = try PorticoConfiguration(reading: reader)
        var warnings = usage.unknownKeys(in: withEnvironment).map { "unknown config key '\($0)' is ignored" }
        try SecretPolicy.apply(to: &configuration, warnings: &warnings)
        try ProductionPolicy.check(configuration)
        return Loaded(configuration: configuration, source: source, warnings: warnings)
    }

    /// The candidate files, in order, after `--config` and `CONFIG_LOCATION`.
    public func searchPaths() -> [String] {
        var paths = [workingDirectory + "/portico.yaml"]
        if let home = environment["HOME"], !home.isEmpty { paths.append(home + "/.config/portico/config.yaml") }
        paths.append("/etc/portico/config.yaml")
        return paths
    }

    private func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : workingDirectory + "/" + path
    }

    private func readWithExtends(path: String, chain: [String]) throws(ConfigError) -> ConfigValue {
        let canonical = URL(fileURLWithPath: path).standardizedFileURL.path
        if chain.contains(canonical) { throw .extendsCycle(chain: chain + [canonical]) }
        let text: String
        do {
            text = try String(contentsOfFile: canonical, encoding: .utf8)
        } catch {
            throw .unreadable(path: canonical, reason: (error as NSError).localizedDescription)
        }
        let document = try ConfigValue.parse(yaml: text, source: canonical)
        let directory = URL(fileURLWithPath: canonical).deletingLastPathComponent().path
        return try resolveExtends(of: document, relativeTo: directory, chain: chain + [canonical])
    }

    /// Lays `document` over the files it extends, removing the `extends` key.
    private func resolveExtends(of document: ConfigValue, relativeTo directory: String, chain: [String]) throws(ConfigError) -> ConfigValue {
        guard case let .map(pairs) = document, let extends = document["extends"] else { return document }
        let bases: [String]
        switch extends {
        case let .scalar(path, .string): bases = [path]
        case let .list(items):
            var paths: [String] = []
            for item in items {
                guard case let .scalar(path, .string) = item else {
                    throw .invalidValue(key: "extends", expected: "a file path or a list of file paths", found: item.kindDescription)
                }
                paths.append(path)
            }
            bases = paths
        default:
            throw .invalidValue(key: "extends", expected: "a file path or a list of file paths", found: extends.kindDescription)
        }
        var merged = ConfigValue.map([])
        for base in bases {
            let path = base.hasPrefix("/") ? base : directory + "/" + base
            merged = merged.overlaid(with: try readWithExtends(path: path, chain: chain))
        }
        return merged.overlaid(with: .map(pairs.filter { $0.key != "extends" }))
    }

    private func applyingEnvironment(to document: ConfigValue) -> ConfigValue {
        var result = document
        for (variable, key) in Self.environmentOverrides {
            if let value = environment[variable], !value.isEmpty {
                result = result.setting(key, to: .scalar(value, .string))
            }
        }
        // Each named RPC client's secret: PORTICO_RPC_CLIENT_<NAME>_SECRET.
        if case let .map(clients)? = result["rpc"]?["clients"] {
            for client in clients {
                if let value = environment[Self.clientSecretVariable(client.key)], !value.isEmpty {
                    result = result.setting(["rpc", "clients", client.key, "secret"], to: .scalar(value, .string))
                }
            }
        }
        return result
    }

    /// The environment variable that carries the secret of RPC client `name`.
    public static func clientSecretVariable(_ name: String) -> String {
        let upper = name.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
        return "PORTICO_RPC_CLIENT_\(upper)_SECRET"
    }
}
