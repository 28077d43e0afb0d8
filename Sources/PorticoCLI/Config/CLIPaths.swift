import Foundation

/// Where `portico` keeps its files: `~/.config/portico/` (config.yaml, session) and
/// `~/.cache/portico/credentials/` (one file per role), honouring `XDG_CONFIG_HOME` and
/// `XDG_CACHE_HOME`; `~/.aws/config` and `~/.aws/credentials` (or `AWS_CONFIG_FILE`,
/// `AWS_SHARED_CREDENTIALS_FILE`) for the AWS files it edits.
struct CLIPaths: Sendable {
    var home: String
    var configDirectory: String
    var cacheDirectory: String
    var environment: [String: String]

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
        home = environment["HOME"] ?? NSHomeDirectory()
        configDirectory = (environment["XDG_CONFIG_HOME"].map { $0 + "/portico" }) ?? home + "/.config/portico"
        cacheDirectory = (environment["XDG_CACHE_HOME"].map { $0 + "/portico" }) ?? home + "/.cache/portico"
    }

    var configFile: String { configDirectory + "/config.yaml" }
    var sessionFile: String { configDirectory + "/session" }
    var credentialCacheDirectory: String { cacheDirectory + "/credentials" }
    /// Weep's configuration, read when portico's own is absent.
    var weepConfigFile: String { home + "/.weep/weep.yaml" }
    var awsConfigFile: String { environment["AWS_CONFIG_FILE"] ?? home + "/.aws/config" }
    var awsCredentialsFile: String { environment["AWS_SHARED_CREDENTIALS_FILE"] ?? home + "/.aws/credentials" }

    /// `path` with a leading `~/` read as the home directory.
    func expanding(_ path: String) -> String {
        path.hasPrefix("~/") ? home + path.dropFirst() : path
    }
}
