public import PorticoCore

extension HostPort {
    /// Parses `host:port` from the configuration; `key` names the config key in the error.
    public init(parsing text: String, key: String) throws(ConfigError) {
        do {
            try self.init(parsing: text)
        } catch {
            throw ConfigError.invalidValue(key: key, expected: "host:port (IPv6 as [addr]:port)", found: "'\(text)'")
        }
    }
}
