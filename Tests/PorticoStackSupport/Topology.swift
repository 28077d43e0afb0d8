import Foundation
public import Logging
public import PorticoAWS
public import PorticoCore
public import PorticoHTTP
public import PorticoTestSupport
public import Proto

#if canImport(Glibc)
import Glibc
#endif

/// Portico as a multi-process deployment on one machine: each service as its own
/// `portico-server <service> --config …` processes (the built product), every replica on its own
/// 127.0.0.x address and the service's one port, found by the others through `dns:SERVICE:PORT`
/// entries answered from a hosts file (`rpc.dns.hosts_file`) this launcher writes — against a
/// real redis-server and a signature-checking moto (through a recording proxy) and the
/// federation stand-in, as `RunningPortico` runs `portico-server all`.
///
/// Replicas can be killed (`kill(_:)`, SIGKILL), started again on their address (`restart(_:)`),
/// added (`addReplica(of:)`: started, ready, then named in the hosts file) and removed
/// (`removeReplica(_:)`: dropped from the hosts file, then stopped with SIGTERM so it drains).
/// A replica is ready when `portico-server health <service>` says so (`/readyz`, `Health/Check`).
public final class Topology: @unchecked Sendable {
    // @unchecked: `replicasByService` is only touched under `lock`; the rest is immutable.

    /// One service of the topology: how many replicas it starts with, and its port (nil: a free one).
    public struct Service: Sendable {
        public var name: String
        public var count: Int
        public var port: Int?
        public init(_ name: String, count: Int = 1, port: Int? = nil) {
            self.name = name
            self.count = count
            self.port = port
        }
    }

    /// What the topology runs.
    public struct Options: Sendable {
        /// The services and their replica counts; every service the gateway needs by default.
        public var services: [Service]
        /// The operator's configuration file to run (e.g. deploy/portico.yaml); nil: a development
        /// configuration like `RunningPortico`'s. Either way the topology lays this run's
        /// endpoints (and `configOverrides`) over it through `extends:`.
        public var configFile: String?
        /// Top-level keys laid over the file (the YAML after `key:`, merged key by key).
        public var configOverrides: [String: String]
        /// `rpc.dns.refresh_seconds`: how soon an edited hosts file is followed.
        public var refreshSeconds: Int
        /// What moto is seeded with, the spoke accounts and the development users.
        public var estate: SeededMoto.Estate
        public var accountNames: [String: String]
        public var devUsers: [RunningPortico.Options.DevUser]
        /// Extra environment of every replica (secrets given the standard way).
        public var environment: [String: String]
        /// Whether `start` waits for the cache's first IAM sweep of every account.
        public var awaitFirstSweep: Bool
        /// With `configFile`: whether the development layer (sign-in, accounts, test secrets) is
        /// laid over it, so an operator's production file can be run as a test.
        public var developmentLayer: Bool

        public init(
            services: [Service] = [
                Service("auth"), Service("credentials"), Service("cache"), Service("requests"), Service("gateway"),
            ],
            configFile: String? = nil,
            configOverrides: [String: String] = [:],
            refreshSeconds: Int = 1,
            estate: SeededMoto.Estate = E2EEstate.estate,
            accountNames: [String: String] = E2EEstate.accountNames,
            devUsers: [RunningPortico.Options.DevUser] = [
                .init(email: E2EEstate.alice, groups: ["groupA"]), .init(email: E2EEstate.bob, groups: ["groupB"]),
            ],
            environment: [String: String] = [:],
            awaitFirstSweep: Bool = true,
            developmentLayer: Bool = true
        ) {
            self.services = services
            self.configFile = configFile
            self.configOverrides = configOverrides
            self.refreshSeconds = refreshSeconds
            self.estate = estate
            self.accountNames = accountNames
            self.devUsers = devUsers
            self.environment = environment
            self.awaitFirstSweep = awaitFirstSweep
            self.developmentLayer = developmentLayer
        }
    }

    /// One `portico-server <service>` process on its own address.
    public final class Replica: Sendable {
        public let service: String
        public let address: HostPort
        /// Its Prometheus endpoint (`/metrics`, `/healthcheck`): its address, the service's metrics port.
        public let metricsAddress: HostPort
        public let process: ManagedProcess
        /// Its configuration file: the topology's with `listen.<service>` set to `address`.
        public let configPath: String

        init(service: String, address: HostPort, metricsAddress: HostPort, process: ManagedProcess, configPath: String) {
            self.service = service
            self.address = address
            self.metricsAddress = metricsAddress
            self.process = process
            self.configPath = configPath
        }
    }

    public let redis: RedisServer
    public let moto: MotoServer
    public let hubKey: AWSCredentials
    public let proxy: MotoProxy
    public let federation: FederationStandIn
    public let options: Options
    /// Each service's port (every replica of a service listens on it, on its own address).
    public let ports: [String: Int]
    /// Each service's metrics port (likewise on each replica's address).
    public let metricsPorts: [String: Int]
    /// The hosts file naming the replicas in service.
    public let hostsFilePath: String
    /// The topology's configuration file (extending `options.configFile` or the development one).
    public let configPath: String
    /// The environment every replica runs with (the hub's key, `options.environment`).
    public let environment: [String: String]
    /// The gateway's URL (its first replica): `url` and the development ALB key URL name it.
    public let gatewayURL: String
    public let http: HTTPClient
    public let logger: Logger

    private let executable: String
    private let hostsFile: TopologyHostsFile
    private let directory: URL
    private let lock = NSLock()
    private var replicasByService: [String: [Replica]] = [:]
    /// Addresses reserved for each service's first replicas, so the gateway's URL is known first.
    private var firstAddresses: [String: [String]]

    private init(
        redis: RedisServer, moto: MotoServer, hubKey: AWSCredentials, proxy: MotoProxy, federation: FederationStandIn,
        options: Options, ports: [String: Int], metricsPorts: [String: Int], directory: URL, configPath: String, environment: [String: String],
        gatewayURL: String, firstAddresses: [String: [String]], executable: String, http: HTTPClient, logger: Logger
    ) {
        self.redis = redis
        self.moto = moto
        self.hubKey = hubKey
        self.proxy = proxy
        self.federation = federation
        self.options = options
        self.ports = ports
        self.metricsPorts = metricsPorts
        self.directory = directory
        self.hostsFilePath = directory.appendingPathComponent("hosts").path
        self.hostsFile = TopologyHostsFile(path: hostsFilePath)
        self.configPath = configPath
        self.environment = environment
        self.gatewayURL = gatewayURL
        self.firstAddresses = firstAddresses
        self.executable = executable
        self.http = http
        self.logger = logger
    }

    /// Starts the dependencies, then every replica; returns once each is ready (and, unless the
    /// options say not to, the cache has swept every account once).
    public static func start(_ options: Options = Options()) async throws -> Topology {
        let logger = Logger(label: "portico.tests.topology") { _ in SwiftLogNoOpLogHandler() }
        let http = HTTPClient(configuration: .init(requestTimeout: .seconds(60)), logger: logger)
        var cleanup: [@Sendable () async -> Void] = [{ await http.shutdown() }]
        do {
            let executable = try BuiltProduct.path("portico-server")
            let redis = try await RedisServer.start()
            cleanup.append { redis.stop() }
            let seeded = try await SeededMoto.start(options.estate, http: http, logger: logger)
            let (moto, hubKey) = (seeded.server, seeded.hubKey)
            cleanup.append { moto.stop() }
            let proxy = try await MotoProxy.start(forwardingTo: moto.endpoint, http: http)
            cleanup.append { await proxy.stop() }
            let federation = try await FederationStandIn.start(motoEndpoint: moto.endpoint, http: http, logger: logger)
            cleanup.append { await federation.stop() }

            var ports: [String: Int] = [:]
            var metricsPorts: [String: Int] = [:]
            var firstAddresses: [String: [String]] = [:]
            for service in options.services {
                var port = try service.port ?? FreePort.next()
                while service.port == nil && ports.values.contains(port) { port = try FreePort.next() }
                ports[service.name] = port
                var metricsPort = try FreePort.next()
                while ports.values.contains(metricsPort) || metricsPorts.values.contains(metricsPort) {
                    metricsPort = try FreePort.next()
                }
                metricsPorts[service.name] = metricsPort
                firstAddresses[service.name] = (0..<service.count).map { _ in TopologyAddresses.next() }
            }
            let gatewayURL = firstAddresses["gateway"]?.first.map { "http://\($0):\(ports["gateway"]!)" }
                ?? "http://127.0.0.1:1"

            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("portico-topology-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            cleanup.append { try? FileManager.default.removeItem(at: directory) }
            var bases: [String] = options.configFile.map { [URL(fileURLWithPath: $0).standardizedFileURL.path] } ?? []
            if options.configFile == nil || options.developmentLayer {
                let development = directory.appendingPathComponent("development.yaml").path
                try TopologyConfiguration.developmentBase(options: options, gatewayURL: gatewayURL)
                    .write(toFile: development, atomically: true, encoding: .utf8)
                bases.append(development)
            }
            let configPath = directory.appendingPathComponent("topology.yaml").path
            try TopologyConfiguration.topologyLayer(
                bases: bases, ports: ports, hostsFile: directory.appendingPathComponent("hosts").path,
                redis: .init(host: redis.host, port: redis.port), awsEndpoint: proxy.endpoint,
                federationURL: federation.url, refreshSeconds: options.refreshSeconds, overrides: options.configOverrides
            ).write(toFile: configPath, atomically: true, encoding: .utf8)

            let environment = options.environment.merging([
                "AWS_ACCESS_KEY_ID": hubKey.accessKeyID, "AWS_SECRET_ACCESS_KEY": hubKey.secretAccessKey,
                "AWS_REGION": "us-east-1",
            ]) { _, standard in standard }
            let topology = Topology(
                redis: redis, moto: moto, hubKey: hubKey, proxy: proxy, federation: federation, options: options,
                ports: ports, metricsPorts: metricsPorts, directory: directory, configPath: configPath, environment: environment,
                gatewayURL: gatewayURL, firstAddresses: firstAddresses, executable: executable, http: http, logger: logger)
            cleanup.append { await topology.stopReplicas() }

            // Every first replica is named before any starts: each waits for its dependencies.
            try topology.hostsFile.write(options.services.flatMap { service in
                (firstAddresses[service.name] ?? []).map { (service.name, $0) }
            })
            var started: [Replica] = []
            for service in options.services {
                for address in firstAddresses[service.name] ?? [] {
                    started.append(try topology.launch(service.name, on: address))
                }
            }
            for replica in started { try await topology.awaitReady(replica) }
            if options.awaitFirstSweep, ports["cache"] != nil { try await topology.awaitFirstSweep() }
            return topology
        } catch {
            for step in cleanup.reversed() { await step() }
            throw error
        }
    }

    /// Starts a topology, runs `body` on it, and stops it whatever happens — every replica before
    /// returning (a stop left to a detached task would not run once the test process ends, and
    /// the replicas would outlive it).
    public static func with<Result: Sendable>(_ options: Options, _ body: (Topology) async throws -> Result) async throws -> Result {
        let topology = try await start(options)
        do {
            let result = try await body(topology)
            await topology.stop()
            return result
        } catch {
            await topology.stop()
            throw error
        }
    }

    /// Stops every replica (SIGTERM) and the dependencies, and removes the topology's files.
    public func stop() async {
        await stopReplicas()
        await federation.stop()
        await proxy.stop()
        moto.stop()
        redis.stop()
        await http.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The replicas of `service` in service (named in the hosts file), in the order they started.
    public func replicas(of service: String) -> [Replica] {
        lock.withLock { replicasByService[service] ?? [] }
    }

    /// The first replica of `service`.
    public func replica(of service: String) throws -> Replica {
        guard let first = replicas(of: service).first else {
            throw TestServerError.notReady("a replica of \(service) in the topology", seconds: 0)
        }
        return first
    }

    /// Kills `replica` with SIGKILL; it stays named in the hosts file, as a crashed pod does.
    public func kill(_ replica: Replica) {
        replica.process.stop(signal: SIGKILL)
    }

    /// Starts `replica` again on its address (after `kill(_:)`), and waits until it is ready.
    public func restart(_ replica: Replica) async throws {
        replica.process.stop(signal: SIGKILL)
        try replica.process.start()
        try await awaitReady(replica)
    }

    /// Starts one more replica of `service` on a fresh address, waits until it is ready, then
    /// names it in the hosts file (the others find it at their next re-resolve).
    @discardableResult
    public func addReplica(of service: String) async throws -> Replica {
        let address = TopologyAddresses.next()
        let replica = try launch(service, on: address, named: false)
        do {
            try await awaitReady(replica)
        } catch {
            replica.process.stop(signal: SIGKILL)
            throw error
        }
        lock.withLock { replicasByService[service, default: []].append(replica) }
        try writeHostsFile()
        return replica
    }

    /// Drops `replica` from the hosts file, then — after `after` seconds, for the others to
    /// re-resolve — stops it with SIGTERM (it drains for `readiness.drain_seconds` first).
    public func removeReplica(_ replica: Replica, after seconds: Double = 0) async throws {
        lock.withLock { replicasByService[replica.service]?.removeAll { $0 === replica } }
        try writeHostsFile()
        if seconds > 0 { try await Task.sleep(for: .milliseconds(Int(seconds * 1000))) }
        try await runBlocking { replica.process.stop(signal: SIGTERM) }
    }

    /// Waits until `portico-server health <service>` answers ready for `replica` (and fails at
    /// once, with its last lines, if the process has exited).
    public func awaitReady(_ replica: Replica, timeout: Double = 120) async throws {
        try await awaitCondition("\(replica.service) at \(replica.address) ready", timeout: timeout, every: 0.25) {
            guard replica.process.isRunning else {
                throw TestServerError.notReady(
                    "portico-server \(replica.service) exited: \(replica.process.tail())", seconds: 0)
            }
            return try await self.health(replica).status == 0
        }
    }

    /// `portico-server health <service> --address <replica>`: what an orchestrator's probe sees.
    public func health(_ replica: Replica) async throws -> ProcessRun.Result {
        try await ProcessRun.run(
            executable,
            ["health", replica.service, "--address", replica.address.description, "--config", replica.configPath,
             "--timeout", "10"],
            environment: environment)
    }

    /// How many RPC calls `replica` has served other than health checks, read from its own
    /// `/metrics` (`portico_rpc_server_calls_total`): whether the others send it work.
    public func servedCalls(by replica: Replica) async throws -> Double {
        let response = try await http.execute(HTTPClient.Request(
            method: "GET", url: "http://\(replica.metricsAddress)/metrics", headers: [:], body: []))
        guard response.status == 200 else {
            throw TestServerError.notReady("\(replica.service) at \(replica.metricsAddress) /metrics: \(response.status)", seconds: 0)
        }
        return PrometheusText(response.bodyText).total("portico_rpc_server_calls_total") { labels in
            !(labels["method"] ?? "").contains("Health")
        }
    }

    /// An RPC client of exactly `replica`, signed as a service named `identity`.
    public func rpcClient(to replica: Replica, identity: String = "topology-tests") throws -> RPCClient {
        try RPCClient(
            configuration: RPCClient.Configuration(endpoints: [replica.address]),
            tokens: try ServiceTokenIssuer(identity: identity, secret: RunningPortico.rpcSecret), logger: logger)
    }

    /// Waits for the cache's first IAM sweep of every spoke account (asked of its first replica).
    public func awaitFirstSweep() async throws {
        let cache = try rpcClient(to: try replica(of: "cache"))
        defer { Task { await cache.close() } }
        let accounts = options.accountNames.keys.sorted()
        try await awaitCondition("the cache's first IAM sweep of \(accounts)", timeout: 120, every: 0.2) {
            let status = try await CacheClient(rpc: cache).sweepStatus(CacheSweepStatusRequest(accountIDs: accounts))
            let swept = Set(status.scopes.filter { $0.kind == "iam" && $0.lastSuccessUnixMs > 0 }.map(\.accountID))
            return swept == Set(accounts)
        }
    }

    // MARK: - Replicas

    /// Writes the replica's configuration and starts its process; `named` puts it in service now.
    private func launch(_ service: String, on host: String, named: Bool = true) throws -> Replica {
        guard let port = ports[service] else {
            throw TestServerError.notReady("service \(service) is not part of the topology", seconds: 0)
        }
        let address = HostPort(host: host, port: port)
        let metricsAddress = HostPort(host: host, port: metricsPorts[service] ?? 0)
        let replicaConfig = directory.appendingPathComponent("\(service)-\(host).yaml").path
        try TopologyConfiguration.replicaLayer(
            topologyFile: configPath, service: service, address: address, metrics: metricsAddress)
            .write(toFile: replicaConfig, atomically: true, encoding: .utf8)
        let process = try ManagedProcess(
            executable: executable, arguments: [service, "--config", replicaConfig], environment: environment,
            name: "topology-\(service)-\(host)")
        try process.start()
        let replica = Replica(
            service: service, address: address, metricsAddress: metricsAddress, process: process, configPath: replicaConfig)
        if named { lock.withLock { replicasByService[service, default: []].append(replica) } }
        return replica
    }

    private func writeHostsFile() throws {
        let named = lock.withLock {
            options.services.flatMap { service in
                (replicasByService[service.name] ?? []).map { (service.name, $0.address.host) }
            }
        }
        try hostsFile.write(named)
    }

    private func stopReplicas() async {
        let all = lock.withLock { replicasByService.values.flatMap { $0 } }
        await withTaskGroup(of: Void.self) { group in
            for replica in all.reversed() { group.addTask { await replica.process.stopped(signal: SIGTERM) } }
        }
    }
}
