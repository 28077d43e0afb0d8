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

    /// Every replica of each RPC service, as callers see them (`services:`). Defaults to the
    /// `listen:` addresses, which is right for a single-machine deployment.
    public struct Services: Sendable {
        public var auth: [HostPort] = []
        public var credentials: [HostPort] = []
        public var cache: [HostPort] = []
        public var requests: [HostPort] = []

        public init() {}

        init(reading r: ConfigReader, listen: Listen) throws(ConfigError) {
            auth = try r.addresses("auth", default: [listen.auth])
            credentials = try r.addresses("credentials", default: [listen.credentials])
            cache = try r.addresses("cache", default: [listen.cache])
            requests = try r.addresses("requests", default: [listen.requests])
        }
    }

    /// Service-to-service authentication and the RPC listeners' limits (`rpc:`).
    public struct RPC: Sendable {
        /// Shared secret that signs service tokens between Portico's own services.
        public var secret: Secret?
        /// Named internal callers, each with its own secret and the roles it may obtain.
        public var clients: [String: Client] = [:]
        /// TLS for every RPC listener (`rpc.tls`); nil serves plain TCP.
        public var tls: TLS?
        /// The most connections one RPC listener keeps open (`rpc.max_connections`).
        public var maxConnections = 1024
        /// The most calls one connection may have running (`rpc.max_concurrent_streams`).
        public var maxConcurrentStreams = 1024
        /// Seconds a new connection may take to send its preface (`rpc.preface_timeout_seconds`).
        public var prefaceTimeoutSeconds = 10
        /// Seconds a frame may take to arrive once begun (`rpc.frame_timeout_seconds`).
        public var frameTimeoutSeconds = 30
        /// Seconds a connection with no call open may stay silent (`rpc.idle_timeout_seconds`).
        public var idleTimeoutSeconds = 120

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

            public init(certificatePath: String, keyPath: String, clientCAPath: String? = nil) {
                self.certificatePath = certificatePath
                self.keyPath = keyPath
                self.clientCAPath = clientCAPath
            }
        }

        /// Names no internal client may take: Portico's own services sign their calls with these
        /// identities, so a client named after one could pass for it.
        public static let reservedClientNames: Set<String> = ["gateway", "auth", "credentials", "cache", "requests"]

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            secret = try r.secret("secret")
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
                tls = TLS(certificatePath: certificate, keyPath: key, clientCAPath: try tlsSection.optionalString("client_ca"))
            }
            maxConnections = try r.int("max_connections", default: maxConnections, in: 1...1_000_000)
            maxConcurrentStreams = try r.int("max_concurrent_streams", default: maxConcurrentStreams, in: 1...1_000_000)
            prefaceTimeoutSeconds = try r.int("preface_timeout_seconds", default: prefaceTimeoutSeconds, in: 1...3600)
            frameTimeoutSeconds = try r.int("frame_timeout_seconds", default: frameTimeoutSeconds, in: 1...3600)
            idleTimeoutSeconds = try r.int("idle_timeout_seconds", default: idleTimeoutSeconds, in: 1...86_400)
        }
    }

    /// The Redis server holding the hot cache (`redis:`).
    public struct Redis: Sendable {
        public var host = "127.0.0.1"
        public var port = 6379
        public var db = 0
        public var password: Secret?

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            host = try r.string("host", default: host)
            port = try r.int("port", default: port, in: 1...65535)
            db = try r.int("db", default: db, in: 0...15)
            password = try r.secret("password")
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

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            endpointURL = try r.optionalString("endpoint_url")
            createTables = try r.bool("create_tables", default: createTables)
            let tables = try r.section("tables")
            policyRequestsTable = try tables.string("policy_requests", default: policyRequestsTable)
            iamRolesTable = try tables.string("iam_roles", default: iamRolesTable)
            inventoryTable = try tables.string("inventory", default: inventoryTable)
        }
    }
}
