import Foundation
import Logging
import PorticoAWS
import PorticoCore
import PorticoHTTP
import PorticoTestSupport
import Proto
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// (A copy of PorticoServerTests' fixture, with the gateway's `/metrics` open to
/// `metricsToken` so the CLI tests can count gateway calls.)
/// The whole of Portico as an operator runs it: `portico-server all` as a real process, every
/// service on its own loopback port, against a real redis-server and a signature-checking moto
/// (seeded with `E2EEstate`, reached through a recording proxy set as `aws.endpoint_url`), with
/// a loopback stand-in for the AWS federation endpoint. Hub credentials reach the process the
/// standard way: environment variables holding the hub user's key.
struct RunningPortico: SuiteFixture {
    static let rpcSecret = "e2e-rpc-secret-0123456789abcdef0123456789"
    static let sessionSecret = "e2e-session-secret-0123456789abcdef012345"
    static let metricsToken = "cli-metrics-token-0123456789abcdef0123456789"

    let redis: RedisServer
    let moto: MotoServer
    let hubKey: AWSCredentials
    let proxy: MotoProxy
    let federation: FederationStandIn
    let server: ManagedProcess
    let gatewayPort: Int
    let cachePort: Int
    let http: HTTPClient
    let logger: Logger

    var gatewayURL: String { "http://127.0.0.1:\(gatewayPort)" }

    static func start() async throws -> RunningPortico {
        let logger = Logger(label: "portico.tests.e2e") { _ in SwiftLogNoOpLogHandler() }
        let http = HTTPClient(configuration: .init(requestTimeout: .seconds(60)), logger: logger)
        var cleanup: [@Sendable () async -> Void] = [{ await http.shutdown() }]
        do {
            let redis = try await RedisServer.start()
            cleanup.append { redis.stop() }
            let seeded = try await SeededMoto.start(E2EEstate.estate, http: http, logger: logger)
            let (moto, hubKey) = (seeded.server, seeded.hubKey)
            cleanup.append { moto.stop() }
            let proxy = try await MotoProxy.start(forwardingTo: moto.endpoint, http: http)
            cleanup.append { await proxy.stop() }
            let federation = try await FederationStandIn.start(motoEndpoint: moto.endpoint, http: http, logger: logger)
            cleanup.append { await federation.stop() }

            // Chosen before the bind, not port 0: `all` reaches its own services at the configured
            // addresses, and the gateway's `url` and development ALB key URL name its port.
            var ports: [Int] = []
            while ports.count < 5 {
                let port = try FreePort.next()
                if !ports.contains(port) { ports.append(port) }
            }
            let (gatewayPort, cachePort) = (ports[0], ports[3])
            let configPath = try writeConfiguration(
                ports: ports, redis: redis, awsEndpoint: proxy.endpoint, federationURL: federation.url)
            let server = try ManagedProcess(
                executable: try BuiltProduct.path("portico-server"), arguments: ["all", "--config", configPath],
                environment: [
                    "AWS_ACCESS_KEY_ID": hubKey.accessKeyID, "AWS_SECRET_ACCESS_KEY": hubKey.secretAccessKey,
                    "AWS_REGION": "us-east-1",
                ],
                name: "e2e-all")
            try server.start()
            cleanup.append { server.stop(signal: SIGTERM) }
            let portico = RunningPortico(
                redis: redis, moto: moto, hubKey: hubKey, proxy: proxy, federation: federation, server: server,
                gatewayPort: gatewayPort, cachePort: cachePort, http: http, logger: logger)
            try await portico.awaitReady()
            return portico
        } catch {
            for step in cleanup.reversed() { await step() }
            throw error
        }
    }

    func stop() async {
        server.stop(signal: SIGTERM)
        await federation.stop()
        await proxy.stop()
        moto.stop()
        redis.stop()
        await http.shutdown()
    }

    /// Waits for the gateway to answer and for the cache's first IAM sweep of both accounts
    /// (asked of the cache's own RPC, as another service would).
    private func awaitReady() async throws {
        let server = self.server
        try await awaitCondition("portico-server all: gateway /healthcheck", timeout: 60, every: 0.1) {
            guard server.isRunning else {
                throw TestServerError.notReady("portico-server exited: \(server.tail())", seconds: 0)
            }
            return await SimpleHTTP.get(port: gatewayPort, path: "/healthcheck")?.status == 200
        }
        let cache = try RPCClient(
            configuration: RPCClient.Configuration(endpoints: [HostPort(host: "127.0.0.1", port: cachePort)]),
            tokens: try ServiceTokenIssuer(identity: "e2e-tests", secret: Self.rpcSecret), logger: logger)
        defer { Task { await cache.close() } }
        let accounts = E2EEstate.accountNames.keys.sorted()
        try await awaitCondition("the cache's first IAM sweep of \(accounts)", timeout: 120, every: 0.2) {
            let status = try await CacheClient(rpc: cache).sweepStatus(CacheSweepStatusRequest(accountIDs: accounts))
            let swept = Set(status.scopes.filter { $0.kind == "iam" && $0.lastSuccessUnixMs > 0 }.map(\.accountID))
            return swept == Set(accounts)
        }
    }

    /// The configuration of the run: development environment, every service on a free loopback
    /// port (`ports`: gateway, auth, credentials, cache, requests), AWS through the proxy, the
    /// federation stand-in, IP restrictions on two networks and the requester's address, alice
    /// (groupA) and bob (groupB) as development users.
    private static func writeConfiguration(
        ports: [Int], redis: RedisServer, awsEndpoint: String, federationURL: String
    ) throws -> String {
        let accounts = E2EEstate.accountNames.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }
        let yaml = """
            environment: dev
            url: http://127.0.0.1:\(ports[0])
            region: us-east-1
            listen: {gateway: 127.0.0.1:\(ports[0]), auth: 127.0.0.1:\(ports[1]), credentials: 127.0.0.1:\(ports[2]), \
            cache: 127.0.0.1:\(ports[3]), requests: 127.0.0.1:\(ports[4])}
            metrics: {listen: {gateway: "127.0.0.1:0"}, bearer_token: \(metricsToken)}
            rpc: {secret: \(rpcSecret)}
            redis: {host: \(redis.host), port: \(redis.port), db: 0}
            dynamodb: {create_tables: true}
            aws:
              endpoint_url: \(awsEndpoint)
              session_duration: 3600
              ip_restrictions: [10.0.0.0/8, "2001:db8::/32"]
              ip_restrictions_on_requester_ip: true
              federation_url: \(federationURL)
              issuer: Portico E2E
            policies: {role_name: \(E2EEstate.spokeRoleName)}
            accounts: {\(accounts.joined(separator: ", "))}
            auth:
              alb:
                enabled: true
                region: us-east-1
                public_key_url: "http://127.0.0.1:\(ports[0])/noauth/dev/alb-keys/{kid}"
              session: {secret: \(sessionSecret)}
              trusted_proxy_hops: 0
              challenge: {enabled: true}
              dev_users:
                - {email: \(E2EEstate.alice), groups: [groupA]}
                - {email: \(E2EEstate.bob), groups: [groupB]}
            cache: {regions: [us-east-1], scheduler_tick: 1}
            logging: {format: text, level: info}
            """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("portico-e2e-\(UUID().uuidString).yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

extension Trait where Self == SuiteFixtureTrait<RunningPortico> {
    /// `portico-server all` against redis-server and signature-checking moto, shared by the suite.
    static var runningPortico: Self { Self() }
}
