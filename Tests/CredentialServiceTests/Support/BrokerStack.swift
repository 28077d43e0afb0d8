import CredentialService
import Foundation
import Logging
import PorticoAWS
import PorticoConfig
import PorticoCore
import PorticoHTTP
import PorticoRedis
import PorticoTestSupport
import Testing

/// The real parts the broker runs against, shared by every test of `BrokerIntegrationTests`:
/// moto with signature checking (behind a recording proxy), a redis-server for the audit stream
/// and the cache, and the inventory cache that has swept moto and serves the authorization
/// mapping over RPC. Each test builds its own broker on them (`BrokerBench`), with its own users,
/// log and audit stream, so tests run in parallel without seeing each other.
struct BrokerStack: SuiteFixture {
    let moto: SeededMoto
    let proxy: MotoProxy
    let redisServer: RedisServer
    let redis: RedisClient
    let cache: SweptCache
    let http: HTTPClient
    let logger: Logger

    static func start() async throws -> BrokerStack {
        let logger = Logger(label: "portico.credentials.tests")
        let http = HTTPClient(configuration: .defaults, logger: logger)
        var started: (moto: SeededMoto?, proxy: MotoProxy?, redis: RedisServer?, client: RedisClient?) = (nil, nil, nil, nil)
        do {
            let moto = try await SignedMoto.start(http: http, logger: logger)
            started.moto = moto
            let proxy = try await MotoProxy.start(forwardingTo: moto.endpoint, http: http)
            started.proxy = proxy
            let redisServer = try await RedisServer.start()
            started.redis = redisServer
            let redis = RedisClient(
                configuration: RedisConfiguration(host: redisServer.host, port: redisServer.port), logger: logger)
            started.client = redis
            let cache = try await SweptCache.start(
                moto: moto, redis: redisServer, logger: Logger(label: "portico.tests.cache") { _ in SwiftLogNoOpLogHandler() })
            return BrokerStack(
                moto: moto, proxy: proxy, redisServer: redisServer, redis: redis, cache: cache, http: http, logger: logger)
        } catch {
            await started.client?.shutdown()
            await started.proxy?.stop()
            started.moto?.stop()
            started.redis?.stop()
            await http.shutdown()
            throw error
        }
    }

    func stop() async {
        await cache.stop()
        await redis.shutdown()
        redisServer.stop()
        await proxy.stop()
        moto.stop()
        await http.shutdown()
    }

    /// The Portico configuration of the tests: sessions of 2 hours, restricted to two networks
    /// and the requester's address, `breakglass` may skip that, `billing-svc` is an internal
    /// client, and AWS is reached through the recording proxy.
    func configuration() -> PorticoConfiguration {
        var configuration = PorticoConfiguration.defaults
        configuration.region = "us-east-1"
        configuration.aws.endpointURL = proxy.endpoint
        configuration.aws.sessionDuration = 7200
        configuration.aws.ipRestrictions = ["10.0.0.0/8", "2001:db8::/32"].compactMap { CIDRBlock($0) }
        configuration.aws.ipRestrictionsOnRequesterIP = true
        configuration.aws.noIPRestrictionsGroups = ["BreakGlass"]
        configuration.aws.issuer = "Portico Tests"
        configuration.rpc.clients = [
            "billing-svc": .init(secret: Secret("billing-secret"), roles: [Roles.billingReports]),
        ]
        return configuration
    }

    /// Who may use which role, as the cache built it from the role tags (`SignedMoto.roles`).
    var eligibleRoles: CacheAuthorizationMapping { cache.mapping }

    /// What an issued key pair acts as, asked of moto directly.
    func identity(of credentials: IssuedCredentials) async throws -> CallerIdentity {
        let keys = AWSCredentials(
            accessKeyID: credentials.accessKeyID, secretAccessKey: credentials.secretAccessKey,
            sessionToken: credentials.sessionToken)
        return try await moto.sts(signingWith: keys, http: http, logger: logger).getCallerIdentity()
    }

    /// Every entry of an audit stream, oldest first, as field → value.
    func auditEntries(stream: String) async throws -> [[String: String]] {
        let reply = try await redis.send("XRANGE", RedisArgument(stream), "-", "+")
        return (reply.array ?? []).map { entry in
            let values = (entry.array?.last?.array ?? []).map { $0.string ?? "" }
            var fields: [String: String] = [:]
            for index in stride(from: 0, to: values.count - 1, by: 2) { fields[values[index]] = values[index + 1] }
            return fields
        }
    }

    /// The raw bytes of every audit entry, for looking for secrets.
    func rawAuditText(stream: String) async throws -> String {
        let reply = try await redis.send("XRANGE", RedisArgument(stream), "-", "+")
        func flatten(_ value: RedisValue) -> [String] {
            if let elements = value.array { return elements.flatMap(flatten) }
            return [value.bytes.map { String(decoding: $0, as: UTF8.self) } ?? ""]
        }
        return flatten(reply).joined(separator: "\n")
    }
}

extension Trait where Self == SuiteFixtureTrait<BrokerStack> {
    /// Signed moto behind a recording proxy, a redis-server, and the cache that swept moto.
    static var brokerStack: Self { Self() }
}

/// The suite every test against moto and Redis lives in (nested suites per area), so they share
/// one stack.
@Suite(.brokerStack) struct BrokerIntegrationTests {}
