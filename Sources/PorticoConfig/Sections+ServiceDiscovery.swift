public import PorticoCore

extension PorticoConfiguration {
    /// How `dns:HOST:PORT` entries of `services:` are followed (`rpc.dns:`): every address the
    /// name resolves to is a replica; the names are looked up again every `refreshSeconds` and
    /// after a connection to one of their addresses fails.
    public struct DNSSettings: Sendable, Hashable {
        /// Seconds between lookups of every `dns:` name (`refresh_seconds`).
        public var refreshSeconds = 10
        /// Seconds a replica gone from its name's answer may keep answering its calls before it is
        /// closed (`drain_seconds`).
        public var drainSeconds = 30
        /// A hosts-format file that answers names before the system resolver does, read afresh at
        /// every lookup (`hosts_file`): for a replicated topology on one machine, where /etc/hosts
        /// cannot be edited. Nil: the system resolver alone.
        public var hostsFile: String?

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            refreshSeconds = try r.int("refresh_seconds", default: refreshSeconds, in: 1...3600)
            drainSeconds = try r.int("drain_seconds", default: drainSeconds, in: 0...3600)
            hostsFile = try r.optionalString("hosts_file")
        }
    }
}

/// The replicas one `services.<name>` list names: fixed `host:port` entries and `dns:HOST:PORT`
/// names, each of whose addresses is a replica on PORT.
public struct ServiceReplicaEntries: Sendable, Hashable {
    public var addresses: [HostPort] = []
    public var dnsNames: [HostPort] = []

    public init(addresses: [HostPort] = [], dnsNames: [HostPort] = []) {
        self.addresses = addresses
        self.dnsNames = dnsNames
    }

    public var isEmpty: Bool { addresses.isEmpty && dnsNames.isEmpty }

    /// The prefix of an entry naming replicas by DNS.
    public static let dnsPrefix = "dns:"
}

extension ConfigReader {
    /// A list of replica entries, `host:port` or `dns:HOST:PORT`; the error names the entry at
    /// fault (`services.cache[1]`).
    func replicaEntries(_ key: String) throws(ConfigError) -> ServiceReplicaEntries {
        var entries = ServiceReplicaEntries()
        for (index, text) in try strings(key).enumerated() {
            let entryKey = ConfigPath.render(path + [key, "[\(index)]"])
            if text.hasPrefix(ServiceReplicaEntries.dnsPrefix) {
                let name = String(text.dropFirst(ServiceReplicaEntries.dnsPrefix.count))
                let parsed: HostPort
                do {
                    parsed = try HostPort(parsing: name)
                } catch {
                    throw .invalidValue(key: entryKey, expected: "dns:HOST:PORT (a name and a port)", found: "'\(text)'")
                }
                guard parsed.port != 0 else {
                    throw .invalidValue(key: entryKey, expected: "dns:HOST:PORT with a port from 1 to 65535", found: "'\(text)'")
                }
                entries.dnsNames.append(parsed)
            } else {
                entries.addresses.append(try HostPort(parsing: text, key: entryKey))
            }
        }
        return entries
    }
}
