import Logging
import PorticoAWS
import PorticoConfig
import PorticoCore
import PorticoRedis
import PorticoTestSupport
import Proto
import Testing

@testable import CacheService

/// `portico-server cache`'s listener as the service host builds it: the same token rule as
/// every other listener, `Health`, and a `Refresh` of every account that does not answer
/// before the account list is known.
@Suite struct CacheServerTests {
    static let secret = "cache-server-tests-rpc-secret-0123456789"
    static let clientSecret = "cache-server-tests-billing-secret-0123456789"

    /// A `CacheServer` on its own redis-server, no accounts to sweep, until `body` returns.
    static func withServer(_ body: (_ port: Int) async throws -> Void) async throws {
        let redis = try await RedisServer.start()
        let nowhere = try ClosedPort()
        var configuration = PorticoConfiguration()
        configuration.redis.host = redis.host
        configuration.redis.port = redis.port
        configuration.listen.cache = HostPort(host: "127.0.0.1", port: 0)
        configuration.rpc.secret = Secret(secret)
        configuration.rpc.clients = ["billing": .init(secret: Secret(clientSecret), roles: [])]
        configuration.aws.endpointURL = "http://127.0.0.1:\(nowhere.port)"
        configuration.cache.regions = ["us-east-1"]
        configuration.cache.schedulerTick = 1
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let server = CacheServer(
            configuration: configuration,
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIAHUBEXAMPLE000001", secretAccessKey: "hub")),
            logger: TestLogging.logger("portico.tests.cache-server"), onListening: { sink.yield($0) })
        let running = Task {
            defer { sink.finish() }
            try await server.run()
        }
        var iterator = ports.makeAsyncIterator()
        do {
            let port = try #require(await iterator.next())
            try await body(port)
        } catch {
            running.cancel()
            _ = try? await running.value
            redis.stop()
            throw error
        }
        running.cancel()
        _ = try? await running.value
        redis.stop()
    }

    static func client(port: Int, identity: String, secret: String) throws -> RPCClient {
        try RPCClient(
            configuration: .init(endpoints: [HostPort(host: "127.0.0.1", port: port)]),
            tokens: try ServiceTokenIssuer(identity: identity, secret: secret),
            logger: TestLogging.logger("portico.tests.cache-client"))
    }

    @Test func aNamedClientsTokenSignedWithTheSharedSecretIsRefusedAndItsOwnSecretIsNotEnoughForTheCache() async throws {
        try await Self.withServer { port in
            let forged = try Self.client(port: port, identity: "billing", secret: Self.secret)
            let refused = await #expect(throws: RPCError.self) {
                _ = try await forged.call(CacheMethods.listAccounts, CacheListAccountsRequest())
            }
            #expect(refused?.code == .unauthenticated)
            await forged.close()

            let own = try Self.client(port: port, identity: "billing", secret: Self.clientSecret)
            let denied = await #expect(throws: RPCError.self) {
                _ = try await own.call(CacheMethods.listAccounts, CacheListAccountsRequest())
            }
            #expect(denied?.code == .permissionDenied)
            await own.close()

            let gateway = try Self.client(port: port, identity: "gateway", secret: Self.secret)
            _ = try await gateway.call(CacheMethods.listAccounts, CacheListAccountsRequest())
            await gateway.close()
        }
    }

    @Test func healthIsServedAndServingOnceTheAccountListIsRead() async throws {
        try await Self.withServer { port in
            let client = try Self.client(port: port, identity: "gateway", secret: Self.secret)
            try await awaitCondition("the cache reports SERVING") {
                try await client.call(HealthMethods.check, HealthCheckRequest(service: CacheMethods.serviceName)).status == .serving
            }
            #expect(try await client.call(HealthMethods.echo, EchoRequest(sequence: 7)).server == "cache")
            await client.close()
        }
    }

    @Test func refreshingEveryAccountBeforeTheAccountListIsReadIsUnavailableOrWaitsForIt() async throws {
        try await RedisFixture.with { fixture in
            let queries = CacheQueries(redis: fixture.redis, settings: fixture.settings, logger: fixture.logger)
            let refused = await #expect(throws: CacheError.self) { _ = try await queries.refresh(.all) }
            #expect(refused == .unavailable("the cache has not read the account list yet; try again shortly"))

            var router = RPCRouter()
            CacheRPCService(queries: queries).register(into: &router)
            let server = RPCServer(
                configuration: .init(listen: HostPort(host: "127.0.0.1", port: 0)), router: router,
                verifier: try ServiceTokenVerifier(sharedSecret: Self.secret), logger: fixture.logger)
            let serving = Task { try await server.run() }
            let client = try Self.client(port: try await server.localPort, identity: "gateway", secret: Self.secret)
            let waiting = Task {
                try await client.call(
                    CacheMethods.refresh, CacheRefreshRequest(scope: .all, waitSeconds: 3),
                    options: CallOptions(timeout: .seconds(20)))
            }
            // The list is written only once the call has had time to reach the server, so an
            // answer with jobs shows that the call waited for it (before, it answered at once).
            try await awaitCondition("the refresh call is being served") { server.connectionCount > 0 }
            try await Task.sleep(for: .milliseconds(200))
            _ = try await AccountDirectory(redis: fixture.redis, keys: fixture.settings.keys).store(
                [CachedAccount(id: "111111111111", name: "one", source: "config")], refreshedAt: 1)
            let answer = try await waiting.value
            #expect(answer.jobs.count == fixture.settings.scopes(of: "111111111111").count)
            await client.close()
            server.shutDownGracefully()
            _ = try? await serving.value
        }
    }
}
