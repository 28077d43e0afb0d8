public import PorticoCore

extension PorticoConfiguration {
    /// Where each service of this process listens (`listen:`).
    public struct Listen: Sendable {
        public var gateway = HostPort(host: "127.0.0.1", port: 8080)
        public var auth = HostPort(host: "127.0.0.1", port: 7101)
        public var credentials = HostPort(host: "127.0.0.1", port: 7102)
        public var cache = HostPort(host: "127.0.0.1", port: 7103)
        public var requests = HostPort(host: "127.0.0.1", port: 7104)

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            gateway = try r.address("gateway", default: gateway)
            auth = try r.address("auth", default: auth)
            credentials = try r.address("credentials", default: credentials)
            cache = try r.address("cache", default: cache)
            requests = try r.address("requests", default: requests)
        }
    }

    /// Every replica of each RPC service, as callers see them (`services:`), as written: empty
    /// when not named. Where a caller connects when a list is empty (the service's `listen:`
    /// address) is decided by the service host (`PorticoServiceName.replicas(in:)`), not here.
    /// An entry may be `dns:HOST:PORT`: every address HOST resolves to is a replica on PORT
    /// (followed as `rpc.dns` says); those names are in `dnsNames`, keyed by service.
    public struct Services: Sendable {
        public var auth: [HostPort] = []
        public var credentials: [HostPort] = []
        public var cache: [HostPort] = []
        public var requests: [HostPort] = []
        /// The `dns:HOST:PORT` entries of each list, keyed by the service's name (`cache`).
        public var dnsNames: [String: [HostPort]] = [:]

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            func read(_ key: String) throws(ConfigError) -> [HostPort] {
                let entries = try r.replicaEntries(key)
                if !entries.dnsNames.isEmpty { dnsNames[key] = entries.dnsNames }
                return entries.addresses
            }
            auth = try read("auth")
            credentials = try read("credentials")
            cache = try read("cache")
            requests = try read("requests")
        }
    }

    /// Service-to-service authentication and the RPC listeners' limits (`rpc:`).
    public struct RPC: Sendable {
        /// Shared secret that signs service tokens between Portico's own services.
        public var secret: Secret?
        /// Named internal callers, each with its own secret and the roles it may obtain.
        public var clients: [String: Client] = [:]
        /// The limits of every RPC listener (`rpc.server`).
        public var server = RPCServerSettings()
        /// TLS for every RPC listener (`rpc.tls`); nil serves plain TCP.
        public var tls: TLS?
        /// How `dns:` replica entries are followed (`rpc.dns`).
        public var dns = DNSSettings()

        /// An internal service allowed to call the credential RPC directly.
        public struct Client: Sendable {
            public var secret: Secret?
            public var roles: [String] = []
            /// The common name (CN) of the subject of the client's TLS certificate, when it may
            /// also be identified by that certificate (mutual TLS, `rpc.tls.client_ca`).
            public var certificateSubject: String?

            public init(secret: Secret?, roles: [String], certificateSubject: String? = nil) {
                self.secret = secret
                self.roles = roles
                self.certificateSubject = certificateSubject
            }
        }

        /// PEM files of an RPC listener's TLS (`rpc.tls`).
        public struct TLS: Sendable {
            /// The listener's certificate chain (`certificate`).
            public var certificatePath: String
            /// Its private key (`key`).
            public var keyPath: String
            /// The CA that signs internal clients' certificates (`client_ca`); when set, a client
            /// must present a certificate it signed (mutual TLS).
            public var clientCAPath: String?
            /// The CA that signs the listeners' certificates (`server_ca`), which Portico's own
            /// services trust when they call each other; `client_ca` when absent.
            public var serverCAPath: String?

            public init(certificatePath: String, keyPath: String, clientCAPath: String? = nil, serverCAPath: String? = nil) {
                self.certificatePath = certificatePath
                self.keyPath = keyPath
                self.clientCAPath = clientCAPath
                self.serverCAPath = serverCAPath
            }
        }

        /// Names no internal client may take: Portico's own services sign their calls with these
        /// identities, so a client named after one could pass for it.
        public static let reservedClientNames: Set<String> = ["gateway", "auth", "credentials", "cache", "requests"]

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            secret = try r.secret("secret")
            server = try RPCServerSettings(reading: r.section("server"))
            dns = try DNSSettings(reading: r.section("dns"))
            let clientsSection = try r.section("clients")
            for name in try r.entries("clients") {
                guard !Self.reservedClientNames.contains(name.lowercased()) else {
                    throw .invalidValue(
                        key: clientsSection.keyPath(name),
                        expected: "a client name that is not a Portico service ("
                            + Self.reservedClientNames.sorted().joined(separator: ", ") + ")",
                        found: "'\(name)'")
                }
                let client = try clientsSection.section(name)
                clients[name] = Client(
                    secret: try client.secret("secret"), roles: try client.strings("roles"),
                    certificateSubject: try client.optionalString("certificate_subject"))
            }
            if r.raw("tls") != nil {
                let tlsSection = try r.section("tls")
                guard let certificate = try tlsSection.optionalString("certificate"), !certificate.isEmpty else {
                    throw .invalidValue(key: tlsSection.keyPath("certificate"), expected: "a PEM file path", found: "nothing")
                }
                guard let key = try tlsSection.optionalString("key"), !key.isEmpty else {
                    throw .invalidValue(key: tlsSection.keyPath("key"), expected: "a PEM file path", found: "nothing")
                }
                tls = TLS(
                    certificatePath: certificate, keyPath: key, clientCAPath: try tlsSection.optionalString("client_ca"),
                    serverCAPath: try tlsSection.optionalString("server_ca"))
            }
        }
    }

    /// The Redis server holding the hot cache (`redis:`).
    public struct Redis: Sendable {
        public var host = "127.0.0.1"
        public var port = 6379
        public var db = 0
        public var password: Secret?
        /// How long a call waits for Redis to come back (a restart, a failover) before it fails
        /// (`redis.ride_through_seconds`); 0 fails at once.
        public var rideThroughSeconds = 3.0

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            host = try r.string("host", default: host)
            port = try r.int("port", default: port, in: 1...65535)
            db = try r.int("db", default: db, in: 0...15)
            password = try r.secret("password")
            rideThroughSeconds = try r.double("ride_through_seconds", default: rideThroughSeconds)
            guard (0...60).contains(rideThroughSeconds) else {
                throw .invalidValue(key: r.keyPath("ride_through_seconds"), expected: "seconds from 0 to 60", found: String(rideThroughSeconds))
            }
        }
    }

    /// DynamoDB tables for policy requests and the role cache (`dynamodb:`).
    public struct DynamoDB: Sendable {
        public var endpointURL: String?
        public var createTables = false
        public var policyRequestsTable = "consoleme_policy_requests"
        public var iamRolesTable = "consoleme_iamroles_global"
        /// The cache's copy of everything else it sweeps (buckets, queues, topics, users, groups,
        /// managed policies) and its sweep status, so a lost Redis is refilled without AWS.
        public var inventoryTable = "portico_inventory_cache"
        /// The dynamic configuration and its history (ConsoleMe's `consoleme_config_global`).
        public var dynamicConfigTable = "consoleme_config_global"

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            endpointURL = try r.optionalString("endpoint_url")
            createTables = try r.bool("create_tables", default: createTables)
            let tables = try r.section("tables")
            policyRequestsTable = try tables.string("policy_requests", default: policyRequestsTable)
            iamRolesTable = try tables.string("iam_roles", default: iamRolesTable)
            inventoryTable = try tables.string("inventory", default: inventoryTable)
            dynamicConfigTable = try tables.string("dynamic_config", default: dynamicConfigTable)
        }
    }
}
