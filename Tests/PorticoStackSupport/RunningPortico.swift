import Foundation
public import Logging
public import PorticoAWS
import PorticoCore
public import PorticoHTTP
public import PorticoTestSupport
public import Proto
public import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The whole of Portico as an operator runs it: `portico-server all` as a real process, every
/// service on its own loopback port, against a real redis-server and a signature-checking moto
/// (seeded with an estate, `E2EEstate` by default, reached through a recording proxy set as
/// `aws.endpoint_url`), with a loopback stand-in for the AWS federation endpoint. Hub credentials
/// reach the process the standard way: environment variables holding the hub user's key.
///
/// The one such fixture: suites that need a different configuration pass `Options` to
/// `start(_:)` from a `SuiteFixture` of their own instead of copying this.
public struct RunningPortico: SuiteFixture {
    public static let rpcSecret = "e2e-rpc-secret-0123456789abcdef0123456789"
    public static let sessionSecret = "e2e-session-secret-0123456789abcdef012345"
    /// Opens the gateway's `/metrics` (on its own port) to tests that count calls.
    public static let metricsToken = "e2e-metrics-token-0123456789abcdef0123456789"

    /// What differs between the suites that run Portico whole.
    public struct Options: Sendable {
        /// A person of the development sign-in and the groups they are in.
        public struct DevUser: Sendable {
            public var email: String
            public var groups: [String]
            public init(email: String, groups: [String]) {
                self.email = email
                self.groups = groups
            }
        }

        /// What moto is seeded with.
        public var estate: SeededMoto.Estate
        /// `accounts:` — the spoke accounts' ids and names.
        public var accountNames: [String: String]
        /// `auth.dev_users`.
        public var devUsers: [DevUser]
        /// Top-level configuration keys replaced (or added): the key, and the YAML after `key:` —
        /// flow style (`{role_name: X}`), or a block starting with a newline and indented by two.
        public var configOverrides: [String: String]
        /// Extra environment variables of the process (e.g. a secret given the standard way).
        public var environment: [String: String]

        public init(
            estate: SeededMoto.Estate = E2EEstate.estate,
            accountNames: [String: String] = E2EEstate.accountNames,
            devUsers: [DevUser] = [
                DevUser(email: E2EEstate.alice, groups: ["groupA"]), DevUser(email: E2EEstate.bob, groups: ["groupB"]),
            ],
            configOverrides: [String: String] = [:],
            environment: [String: String] = [:]
        ) {
            self.estate = estate
            self.accountNames = accountNames
            self.devUsers = devUsers
            self.configOverrides = configOverrides
            self.environment = environment
        }
    }

    /// The loopback ports of the run, chosen before the process binds them.
    public struct Ports: Sendable {
        public let gateway: Int
        public let auth: Int
        public let credentials: Int
        public let cache: Int
        public let requests: Int
    }

    public let redis: RedisServer
    public let moto: MotoServer
    public let hubKey: AWSCredentials
    public let proxy: MotoProxy
    public let federation: FederationStandIn
    public let server: ManagedProcess
    public let ports: Ports
    /// The configuration file the process runs with: other processes (`portico-server gateway`,
    /// …) can be started beside it from the same file.
    public let configPath: String
    /// The environment the process got the hub's key through.
    public let environment: [String: String]
    public let options: Options
    public let http: HTTPClient
    public let logger: Logger

    public var gatewayPort: Int { ports.gateway }
    public var cachePort: Int { ports.cache }
    public var gatewayURL: String { "http://127.0.0.1:\(ports.gateway)" }

    /// `start(_:)` with the default options (the E2E estate, alice and bob).
    public static func start() async throws -> RunningPortico { try await start(Options()) }

    public static func start(_ options: Options) async throws -> RunningPortico {
        let logger = Logger(label: "portico.tests.e2e") { _ in SwiftLogNoOpLogHandler() }
        let http = HTTPClient(configuration: .init(requestTimeout: .seconds(60)), logger: logger)
        var cleanup: [@Sendable () async -> Void] = [{ await http.shutdown() }]
        do {
            let redis = try await RedisServer.start()
            cleanup.append { redis.stop() }
            let seeded = try await SeededMoto.start(options.estate, http: http, logger: logger)
            let (moto, hubKey) = (seeded.server, seeded.hubKey)
            cleanup.append { moto.stop() }
            let proxy = try await MotoProxy.start(forwardingTo: moto.endpoint, http: http)
            cleanup.append { await proxy.stop() }
            let federation = try await FederationStandIn.start(motoEndpoint: moto.endpoint, http: http, logger: logger)
            cleanup.append { await federation.stop() }

            // Chosen before the bind, not port 0: `all` reaches its own services at the configured
            // addresses, and the gateway's `url` and development ALB key URL name its port.
            var chosen: [Int] = []
            while chosen.count < 5 {
                let port = try FreePort.next()
                if !chosen.contains(port) { chosen.append(port) }
            }
            let ports = Ports(gateway: chosen[0], auth: chosen[1], credentials: chosen[2], cache: chosen[3], requests: chosen[4])
            let configPath = try writeConfiguration(
                options: options, ports: ports, redis: redis, awsEndpoint: proxy.endpoint, federationURL: federation.url)
            let environment = options.environment.merging([
                "AWS_ACCESS_KEY_ID": hubKey.accessKeyID, "AWS_SECRET_ACCESS_KEY": hubKey.secretAccessKey,
                "AWS_REGION": "us-east-1",
            ]) { _, standard in standard }
            let server = try ManagedProcess(
                executable: try BuiltProduct.path("portico-server"), arguments: ["all", "--config", configPath],
                environment: environment, name: "e2e-all")
            try server.start()
            cleanup.append { await server.stopped(signal: SIGTERM) }
            let portico = RunningPortico(
                redis: redis, moto: moto, hubKey: hubKey, proxy: proxy, federation: federation, server: server,
                ports: ports, configPath: configPath, environment: environment, options: options, http: http,
                logger: logger)
            try await portico.awaitReady()
            return portico
        } catch {
            for step in cleanup.reversed() { await step() }
            throw error
        }
    }

    public func stop() async {
        await server.stopped(signal: SIGTERM)
        await federation.stop()
        await proxy.stop()
        moto.stop()
        redis.stop()
        await http.shutdown()
        try? FileManager.default.removeItem(atPath: configPath)
    }

    /// An RPC client of one of the run's services, signed as a service named `identity`.
    public func rpcClient(port: Int, identity: String = "e2e-tests") throws -> RPCClient {
        try RPCClient(
            configuration: RPCClient.Configuration(endpoints: [HostPort(host: "127.0.0.1", port: port)]),
            tokens: try ServiceTokenIssuer(identity: identity, secret: Self.rpcSecret), logger: logger)
    }

    /// Waits for the gateway to answer and for the cache's first IAM sweep of every spoke account
    /// (asked of the cache's own RPC, as another service would).
    private func awaitReady() async throws {
        let server = self.server
        let gatewayPort = ports.gateway
        try await awaitCondition("portico-server all: gateway /healthcheck", timeout: 60, every: 0.1) {
            guard server.isRunning else {
                throw TestServerError.notReady("portico-server exited: \(server.tail())", seconds: 0)
            }
            return await SimpleHTTP.get(port: gatewayPort, path: "/healthcheck")?.status == 200
        }
        let cache = try rpcClient(port: ports.cache)
        defer { Task { await cache.close() } }
        let accounts = options.accountNames.keys.sorted()
        try await awaitCondition("the cache's first IAM sweep of \(accounts)", timeout: 120, every: 0.2) {
            let status = try await CacheClient(rpc: cache).sweepStatus(CacheSweepStatusRequest(accountIDs: accounts))
            let swept = Set(status.scopes.filter { $0.kind == "iam" && $0.lastSuccessUnixMs > 0 }.map(\.accountID))
            return swept == Set(accounts)
        }
    }

    /// The configuration of the run: development environment, every service on its loopback
    /// port, AWS through the proxy, the federation stand-in, IP restrictions on two networks and
    /// the requester's address, the options' development users; then the options' overrides.
    private static func writeConfiguration(
        options: Options, ports: Ports, redis: RedisServer, awsEndpoint: String, federationURL: String
    ) throws -> String {
        let accounts = options.accountNames.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }
        let devUsers = options.devUsers.map { user in
            "\n        - {email: \(user.email), groups: [\(user.groups.joined(separator: ", "))]}"
        }
        var sections: [(key: String, value: String)] = [
            ("environment", "dev"),
            ("url", "http://127.0.0.1:\(ports.gateway)"),
            ("region", "us-east-1"),
            ("listen", """
                {gateway: 127.0.0.1:\(ports.gateway), auth: 127.0.0.1:\(ports.auth), credentials: 127.0.0.1:\(ports.credentials), \
                cache: 127.0.0.1:\(ports.cache), requests: 127.0.0.1:\(ports.requests)}
                """),
            ("metrics", "{listen: {gateway: \"127.0.0.1:0\"}, bearer_token: \(metricsToken)}"),
            ("rpc", "{secret: \(rpcSecret)}"),
            ("redis", "{host: \(redis.host), port: \(redis.port), db: 0}"),
            ("dynamodb", "{create_tables: true}"),
            ("aws", """

                  endpoint_url: \(awsEndpoint)
                  session_duration: 3600
                  ip_restrictions: [10.0.0.0/8, "2001:db8::/32"]
                  ip_restrictions_on_requester_ip: true
                  federation_url: \(federationURL)
                  issuer: Portico E2E
                """),
            ("policies", "{role_name: \(options.estate.spokeRoleName)}"),
            ("accounts", "{\(accounts.joined(separator: ", "))}"),
            ("auth", """

                  alb:
                    enabled: true
                    region: us-east-1
                    public_key_url: "http://127.0.0.1:\(ports.gateway)/noauth/dev/alb-keys/{kid}"
                  session: {secret: \(sessionSecret)}
                  trusted_proxy_hops: 0
                  challenge: {enabled: true}
                  dev_users:\(devUsers.joined())
                """),
            ("cache", "{regions: [us-east-1], scheduler_tick: 1}"),
            ("logging", "{format: text, level: info}"),
        ]
        for (key, value) in options.configOverrides.sorted(by: { $0.key < $1.key }) {
            if let index = sections.firstIndex(where: { $0.key == key }) {
                sections[index].value = value
            } else {
                sections.append((key, value))
            }
        }
        let yaml = sections.map { "\($0.key): \($0.value)" }.joined(separator: "\n") + "\n"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("portico-e2e-\(UUID().uuidString).yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

extension Trait where Self == SuiteFixtureTrait<RunningPortico> {
    /// `portico-server all` against redis-server and signature-checking moto, shared by the suite.
    public static var runningPortico: Self { Self() }
}
