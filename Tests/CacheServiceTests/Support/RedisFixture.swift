import Logging
import PorticoConfig
import PorticoRedis
import PorticoTestSupport

@testable import CacheService

/// A private redis-server and a client, with cache settings that point at it.
struct RedisFixture: Sendable {
    let server: RedisServer
    let redis: RedisClient
    var settings: CacheSettings
    let logger = TestLogging.logger("portico.tests.storage")

    static func start(configure: (inout PorticoConfiguration) -> Void = { _ in }) async throws -> RedisFixture {
        let server = try await RedisServer.start()
        var configuration = PorticoConfiguration()
        configuration.cache.regions = ["us-east-1"]
        configure(&configuration)
        let redis = RedisClient(
            configuration: RedisConfiguration(host: server.host, port: server.port, poolSize: 8),
            logger: TestLogging.logger("portico.tests.redis"))
        let settings = CacheSettings(configuration: configuration)
        // The scheduler's first pass marks the cache loaded (its epoch); readers wait for that.
        try await redis.set(settings.keys.epoch, "fixture")
        return RedisFixture(server: server, redis: redis, settings: settings)
    }

    /// Runs `body` against a fresh fixture and stops its server afterwards, whatever happens.
    static func with(
        configure: (inout PorticoConfiguration) -> Void = { _ in }, _ body: (RedisFixture) async throws -> Void
    ) async throws {
        let fixture = try await start(configure: configure)
        do {
            try await body(fixture)
        } catch {
            await fixture.stop()
            throw error
        }
        await fixture.stop()
    }

    func stop() async {
        await redis.shutdown()
        server.stop()
    }

    var reader: InventoryReader { InventoryReader(redis: redis, settings: settings) }
    var writer: GenerationWriter { GenerationWriter(redis: redis, settings: settings, logger: logger) }
    var committer: GenerationCommitter { GenerationCommitter(redis: redis, settings: settings) }
    var collector: GenerationCollector { GenerationCollector(redis: redis, settings: settings, logger: logger) }
    var queue: JobQueue { JobQueue(redis: redis, settings: settings, logger: logger) }

    /// Writes and commits `items` as a generation of `scope` (as job `job`).
    @discardableResult
    func publish(_ items: [InventoryItem], scope: SweepScope, sequence: Int64, job: String? = nil) async throws -> String {
        let generation = "\(sequence)-test"
        _ = try await writer.write(items, scope: scope, generation: generation, sequence: sequence)
        _ = try await committer.commit(
            jobID: job ?? "job-\(sequence)", scope: scope, generation: generation, sequence: sequence,
            status: SweepStatus(lastSuccessAt: 1, itemCount: items.count, sequence: sequence))
        return generation
    }

    /// Registers accounts so listings cover them.
    func register(accounts: [String]) async throws {
        try await AccountDirectory(redis: redis, keys: settings.keys).store(
            accounts.map { CachedAccount(id: $0, name: $0, source: "config") }, refreshedAt: 1)
    }

    static func role(_ account: String, _ name: String, tags: [String: String] = [:]) -> InventoryItem {
        InventoryItem(
            arn: "arn:aws:iam::\(account):role/\(name)", type: .role, name: name, accountID: account,
            tags: tags.map { InventoryTag(key: $0.key, value: $0.value) }, policyDocument: "{}")
    }
}
