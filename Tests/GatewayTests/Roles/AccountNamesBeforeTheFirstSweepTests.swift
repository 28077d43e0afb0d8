import CacheService
import Logging
import PorticoAPI
import PorticoConfig
import PorticoCore
import PorticoTestSupport
import PorticoRedis
import Proto
import Testing

/// `account_friendly_name` in `GET /api/v2/get_roles` for a gateway asked before the cache has
/// swept anything: the names in `accounts:` are known from the start and are never replaced by
/// the account id, whatever the cache answers yet.
@Suite struct AccountNamesBeforeTheFirstSweepTests {
    static let account = "111111111111"
    static let role = "arn:aws:iam::111111111111:role/mapped-admin"
    static let unnamedAccountRole = "arn:aws:iam::222222222222:role/mapped-reader"

    /// A gateway on a real cache that has not swept (its RPC server only: no scheduler, no
    /// workers; the epoch its scheduler's first pass would set), over a fresh redis-server, with `accounts:` naming one account and
    /// `group_mapping` giving engineers a role there and one in an account without a name.
    /// - Parameter prepare: runs on the cache before the gateway starts (to seed its Redis).
    private func withUnsweptCache(
        prepare: (CacheRuntime) async throws -> Void = { _ in }, _ body: (RunningGateway, ALBTokenFactory) async throws -> Void
    ) async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        var configuration = PorticoConfiguration()
        configuration.redis.host = redis.host
        configuration.redis.port = redis.port
        configuration.accounts = [Self.account: "prod"]
        configuration.dynamicConfig.groupMapping = [
            "engineering@example.com": .init(roles: [Self.role, Self.unnamedAccountRole]),
        ]
        let cache = CacheRuntime(configuration: configuration, logger: quietLogger, consumerPrefix: "account-names-tests")
        let server = cache.rpcServer(
            listen: HostPort(host: "127.0.0.1", port: 0),
            verifier: try ServiceTokenVerifier(sharedSecret: TestConfiguration.rpcSecret.exposed), logger: quietLogger)
        let running = Task { try await server.run() }
        do {
            // The scheduler's first pass has marked the cache loaded (its epoch), and nothing is
            // swept yet: without the mark, lookups would wait for a refill from a backup.
            _ = try await cache.redis.send(["SET", cache.settings.keys.epoch, "unswept"])
            try await prepare(cache)
            let port = try await server.localPort
            try await RunningGateway.withALBKeys(configure: { gateway in
                gateway.services.cache = [HostPort(host: "127.0.0.1", port: port)]
                gateway.accounts = configuration.accounts
            }, body)
        } catch {
            server.shutDownGracefully()
            _ = try? await running.value
            await cache.shutdown()
            throw error
        }
        server.shutDownGracefully()
        _ = try? await running.value
        await cache.shutdown()
    }

    @Test func aConfiguredNameIsShownBeforeTheCacheListsTheAccount() async throws {
        try await withUnsweptCache { gateway, factory in
            let alice = try await SignedInUser.signIn("alice@example.com", factory: factory, at: gateway)
            for _ in 0..<2 {
                let response = try await gateway.request("/api/v2/get_roles", headers: [alice.bearerHeader])
                #expect(response.status == 200)
                let roles = try response.decoded(RoleListResponse.self).data.roles
                #expect(roles.map(\.arn) == [Self.role, Self.unnamedAccountRole])
                #expect(roles.first?.accountFriendlyName == "prod")
                #expect(roles.last?.accountFriendlyName == "222222222222", "an account without a name is shown by its id")
            }
        }
    }

    @Test func anAccountTheCacheListsByItsIdAloneKeepsItsConfiguredName() async throws {
        // Listed before its document is written: the cache answers the id as the name.
        try await withUnsweptCache(prepare: { cache in
            _ = try await cache.redis.send(["ZADD", cache.settings.keys.accounts, "0", RedisArgument(Self.account)])
        }) { gateway, factory in
            let alice = try await SignedInUser.signIn("alice@example.com", factory: factory, at: gateway)
            let response = try await gateway.request("/api/v2/get_roles", headers: [alice.bearerHeader])
            let roles = try response.decoded(RoleListResponse.self).data.roles
            #expect(roles.first { $0.arn == Self.role }?.accountFriendlyName == "prod")
        }
    }
}
