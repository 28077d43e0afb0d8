import CacheService
import Foundation
import Logging
import PorticoConfig
import PorticoRedis
import PorticoTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Three `portico-server cache` processes share the sweep of 30 accounts. The one holding the
/// scheduler lease is killed with SIGKILL while it runs a job: its jobs are reclaimed by the
/// others, every job completes exactly once in effect, and another process takes the lease over
/// and keeps scheduling.
@Suite struct DistributedSweepTests {
    static let accounts = SeededMoto.accounts(30, first: 300_000_000_001)
    static let plan = SeedPlan(
        roles: [
            SeedPlan.Role(name: "admin", tags: ["consoleme-authorized": "team-admins"]),
            SeedPlan.Role(name: "reader", tags: ["consoleme-authorized-cli-only": "team-readers"]),
            SeedPlan.Role(name: "service", tags: [:]),
        ],
        buckets: 2, queues: 2, topics: 2)
    /// SNS is swept again every few seconds, so scheduling after the takeover is observable.
    static let snsInterval = 5

    @Test func threeProcessesShareTheSweepAndSurviveTheDeathOfTheSchedulerHolder() async throws {
        let moto = try await SeededMoto.startUnsigned()
        let redis = try await RedisServer.start()
        var processes: [ManagedProcess] = []
        let client = RedisClient(
            configuration: RedisConfiguration(host: redis.host, port: redis.port), logger: TestLogging.logger("portico.tests.redis"))
        defer {
            for process in processes { process.stop(signal: SIGKILL) }
            redis.stop()
        }
        do {
            try await moto.seed(Self.plan, accounts: Self.accounts)
            for index in 0..<3 {
                let config = try Self.writeConfig(redis: redis, moto: moto.server)
                let process = try ManagedProcess(
                    executable: try BuiltProduct.path("portico-server"), arguments: ["cache", "--config", config],
                    environment: ["AWS_ACCESS_KEY_ID": "AKIAHUBEXAMPLE000001", "AWS_SECRET_ACCESS_KEY": "hub-secret"],
                    name: "cache-\(index)")
                try process.start()
                processes.append(process)
            }
            var configuration = PorticoConfiguration()
            configuration.cache.regions = ["us-east-1"]
            let queries = CacheQueries(redis: client, settings: CacheSettings(configuration: configuration), logger: TestLogging.logger("q"))
            let keys = queries.settings.keys
            let scopes = Self.accounts.flatMap(queries.settings.scopes(of:))

            // Wait until the lease holder is running a job mid-sweep, then kill it.
            var victim: ManagedProcess?
            try await awaitCondition("the lease holder runs a job while the sweep is under way", timeout: 120, every: 0.02) {
                guard let holder = try await client.get(keys.lease).map({ String(decoding: $0, as: UTF8.self) }),
                      let process = processes.first(where: { holder.contains("-\($0.processID ?? -1)-") })
                else { return false }
                let pending = try await client.xpending(keys.jobs, group: CacheKeys.workerGroup)
                let holderBusy = pending.consumers.keys.contains { $0.hasPrefix(holder + "-") }
                let swept = try await queries.status(accounts: Self.accounts).values.filter { $0.lastSuccessAt != nil }.count
                // Some scopes swept and the holder in the middle of a job (of the first round, or
                // of an SNS round when the first one went by faster than this poll).
                guard holderBusy, swept >= 10 else { return false }
                victim = process
                return true
            }
            let killed = try #require(victim)
            let killedPID = try #require(killed.processID)
            try await runBlocking { killed.stop(signal: SIGKILL) }
            let killedAt = try await Self.serverMilliseconds(client)
            for process in processes where process !== killed { #expect(process.isRunning, "\(process.tail())") }

            try await awaitCondition("another process holds the lease", timeout: 30, every: 0.1) {
                guard let holder = try await client.get(keys.lease).map({ String(decoding: $0, as: UTF8.self) }) else { return false }
                return !holder.contains("-\(killedPID)-")
            }
            try await awaitCondition("every scope of every account swept", timeout: 180, every: 0.2) {
                try await queries.everyScopeSwept(accounts: Self.accounts)
            }
            try await awaitCondition("SNS swept again after the takeover (the scheduler lives on)", timeout: 60, every: 0.2) {
                let status = try await queries.status(accounts: Self.accounts)
                return Self.accounts.allSatisfy { account in
                    (status[SweepScope(account: account, kind: .sns, region: "us-east-1")]?.lastSuccessAt ?? 0) > killedAt
                }
            }
            try await awaitCondition("the killed process's jobs were reclaimed and acknowledged", timeout: 60, every: 0.2) {
                let pending = try await client.xpending(keys.jobs, group: CacheKeys.workerGroup)
                return !pending.consumers.keys.contains { $0.contains("-\(killedPID)-") }
            }

            // Exactly once in effect: no job record was committed twice, every scope has one
            // current generation holding exactly the seeded items.
            var cursor: UInt64 = 0
            var records = 0
            repeat {
                let step = try await client.scan(cursor: cursor, match: RedisArgument(keys.prefix + "job:*"), count: 500)
                cursor = step.cursor
                for key in step.keys {
                    let commits = try await client.hget(RedisArgument(key), "commits").map { Int(String(decoding: $0, as: UTF8.self)) ?? 0 } ?? 0
                    #expect(commits <= 1, "job \(String(decoding: key, as: UTF8.self)) committed \(commits) times")
                    records += 1
                }
            } while cursor != 0
            #expect(records >= scopes.count)
            let roles = try await Self.listAll(queries, ResourceQuery(types: [.role], limit: 500))
            #expect(roles.count == Self.accounts.count * Self.plan.roles.count)
            #expect(Set(roles.map(\.arn)).count == roles.count)
            for type in [InventoryType.bucket, .queue, .topic] {
                let items = try await Self.listAll(queries, ResourceQuery(types: [type], limit: 500))
                #expect(items.count == Self.accounts.count * 2, "\(type)")
                #expect(Set(items.map(\.arn)).count == items.count)
            }
            let admins = try await queries.eligibleRoles(user: "someone", groups: ["team-admins"])
            #expect(admins.count == Self.accounts.count && admins.allSatisfy { !$0.cliOnly })

            for process in processes where process !== killed {
                try await runBlocking { process.stop(signal: SIGTERM) }
                #expect(process.exitCode == 0, "exit \(String(describing: process.exitCode)): \(process.tail())")
            }
        } catch {
            for process in processes { Issue.record("\(process.logFile.path):\n\(process.tail(lines: 15))") }
            await client.shutdown()
            await moto.stopWithClient()
            throw error
        }
        await client.shutdown()
        await moto.stopWithClient()
    }

    static func listAll(_ queries: CacheQueries, _ query: ResourceQuery) async throws -> [InventoryItem] {
        var items: [InventoryItem] = []
        var query = query
        repeat {
            let page = try await queries.list(query)
            items += page.items
            query.cursor = page.nextCursor
        } while query.cursor != nil
        return items
    }

    static func serverMilliseconds(_ client: RedisClient) async throws -> Int64 {
        let time = try #require(try await client.send("TIME").array)
        let seconds = try #require(time.first?.int)
        let micros = try #require(time.last?.int)
        return seconds * 1000 + micros / 1000
    }

    /// A configuration file for one process: RPC and metrics on ports the kernel picks (nothing
    /// here calls them: the processes are watched through the shared Redis), the shared Redis,
    /// moto and accounts.
    static func writeConfig(redis: RedisServer, moto: MotoServer) throws -> String {
        let accounts = Self.accounts.map { "\"\($0)\": account-\($0.suffix(2))" }.joined(separator: ", ")
        let yaml = """
            environment: dev
            listen: {cache: 127.0.0.1:0}
            metrics: {listen: {cache: 127.0.0.1:0}}
            redis: {host: 127.0.0.1, port: \(redis.port)}
            aws: {endpoint_url: "\(moto.endpoint)"}
            dynamodb: {endpoint_url: "\(moto.endpoint)", create_tables: true}
            accounts: {\(accounts)}
            cache:
              regions: [us-east-1]
              intervals: {iam: 3600, s3: 3600, sqs: 3600, sns: \(snsInterval), config: 3600, accounts: 3600}
              workers: 2
              scheduler_tick: 1
              scheduler_lease: 3
              job_visibility_timeout: 3
              retry_delay: 1
              generation_grace: 2
            logging: {format: text, level: info}
            """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("portico-cache-\(UUID().uuidString).yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
