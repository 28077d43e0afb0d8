import Foundation
import PorticoConfig

/// What `portico` reads from `~/.config/portico/config.yaml` (or `--config`): the gateway's
/// `url` (also `PORTICO_URL`), the AWS `region`, the `user` the login is for, `serve`'s
/// `server.address`/`server.port` and `enforce_imdsv2`, and `aws-profiles` (profile → role).
/// When that file is absent, Weep's `~/.weep/weep.yaml` is read instead (`consoleme_url`,
/// `aws.region`, `challenge_settings.user`, `server.*`, `aws-profiles`; its other keys ignored).
struct CLIConfiguration: Sendable, Equatable {
    var url: String?
    var region: String?
    var user: String?
    var serverAddress = "127.0.0.1"
    var serverPort = 9091
    var enforceIMDSv2 = false
    var awsProfiles: [String: String] = [:]
    /// The file read, if any.
    var source: String?

    static let keys: Set = ["url", "region", "user", "server", "enforce_imdsv2", "aws-profiles"]
    static let serverKeys: Set = ["address", "port", "enforce_imdsv2"]

    /// The configuration for this run: `explicitPath`, else portico's file, else Weep's, else
    /// the defaults; `PORTICO_URL` overrides the URL.
    /// - Throws: `CLIError.configuration` naming the file and key at fault.
    static func load(explicitPath: String?, paths: CLIPaths) throws(CLIError) -> CLIConfiguration {
        var configuration = CLIConfiguration()
        let fileManager = FileManager.default
        if let explicitPath {
            let path = paths.expanding(explicitPath)
            guard fileManager.fileExists(atPath: path) else { throw .configuration("config file \(path) does not exist") }
            configuration = try parse(file: path, weep: false)
        } else if fileManager.fileExists(atPath: paths.configFile) {
            configuration = try parse(file: paths.configFile, weep: false)
        } else if fileManager.fileExists(atPath: paths.weepConfigFile) {
            configuration = try parse(file: paths.weepConfigFile, weep: true)
        }
        if let url = paths.environment["PORTICO_URL"], !url.isEmpty { configuration.url = url }
        if let url = configuration.url { configuration.url = try validURL(url, key: "url") }
        return configuration
    }

    private static func parse(file path: String, weep: Bool) throws(CLIError) -> CLIConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .configuration("cannot read config file \(path): \(error.localizedDescription)")
        }
        return try parse(yaml: text, source: path, weep: weep)
    }

    /// Reads one document (`weep`: in Weep's spelling).
    static func parse(yaml: String, source: String, weep: Bool) throws(CLIError) -> CLIConfiguration {
        let document: ConfigValue
        do {
            document = try ConfigValue.parse(yaml: yaml, source: source)
        } catch {
            throw .configuration(error.description)
        }
        let fields = ConfigFields(document: document, source: source)
        var configuration = CLIConfiguration(source: source)
        if weep {
            configuration.url = try fields.string(["consoleme_url"])
            configuration.region = try fields.string(["aws", "region"])
            configuration.user = try fields.string(["challenge_settings", "user"])
        } else {
            try fields.rejectUnknown(keys, under: [])
            try fields.rejectUnknown(serverKeys, under: ["server"])
            configuration.url = try fields.string(["url"])
            configuration.region = try fields.string(["region"])
            configuration.user = try fields.string(["user"])
        }
        if let address = try fields.string(["server", "address"]) { configuration.serverAddress = address }
        if let port = try fields.int(["server", "port"], in: 0...65535) { configuration.serverPort = port }
        let topLevel = try fields.bool(["enforce_imdsv2"])
        let underServer = try fields.bool(["server", "enforce_imdsv2"])
        configuration.enforceIMDSv2 = topLevel ?? underServer ?? false
        configuration.awsProfiles = try fields.stringMap(["aws-profiles"])
        return configuration
    }

    /// `text` when it is an absolute http(s) URL, without a trailing slash.
    static func validURL(_ text: String, key: String) throws(CLIError) -> String {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              url.host != nil
        else { throw .configuration("config key '\(key)': expected an http or https URL, found '\(text)'") }
        var trimmed = text
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed
    }
}

/// Typed reads out of one YAML document by key path, with errors naming the file and key.
struct ConfigFields {
    let document: ConfigValue
    let source: String

    private func value(_ path: [String]) -> ConfigValue? {
        var current: ConfigValue? = document
        for key in path { current = current?[key] }
        if case .null = current { return nil }
        return current
    }

    private func bad(_ path: [String], expected: String) -> CLIError {
        .configuration("config \(source), key '\(path.joined(separator: "."))': expected \(expected)")
    }

    func rejectUnknown(_ known: Set<String>, under path: [String]) throws(CLIError) {
        guard case .map(let pairs)? = path.isEmpty ? document : value(path) else { return }
        for pair in pairs where !known.contains(pair.key) {
            throw .configuration(
                "config \(source): unknown key '\((path + [pair.key]).joined(separator: "."))' (known: \(known.sorted().joined(separator: ", ")))")
        }
    }

    func string(_ path: [String]) throws(CLIError) -> String? {
        guard let found = value(path) else { return nil }
        guard case .scalar(let text, _) = found else { throw bad(path, expected: "a string") }
        return text
    }

    func int(_ path: [String], in range: ClosedRange<Int>) throws(CLIError) -> Int? {
        guard let found = value(path) else { return nil }
        guard case .scalar(let text, .int) = found, let number = Int(text), range.contains(number) else {
            throw bad(path, expected: "an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    func bool(_ path: [String]) throws(CLIError) -> Bool? {
        guard let found = value(path) else { return nil }
        guard case .scalar(let text, .bool) = found else { throw bad(path, expected: "true or false") }
        return ["true", "yes", "on"].contains(text.lowercased())
    }

    func stringMap(_ path: [String]) throws(CLIError) -> [String: String] {
        guard let found = value(path) else { return [:] }
        guard case .map(let pairs) = found else { throw bad(path, expected: "a mapping of profile names to role ARNs") }
        var map: [String: String] = [:]
        for pair in pairs {
            guard case .scalar(let text, _) = pair.value else { throw bad(path + [pair.key], expected: "a role ARN") }
            map[pair.key] = text
        }
        return map
    }
}
