import Foundation
import PorticoConfig
import PorticoRedis
import PorticoTestSupport
import Testing

@testable import CacheService

/// The policies table over 100,000 synthetic items written through the cache's own writer and
/// committer (20 accounts × 4,000 roles and 1,000 managed policies): the first (index-building)
/// query, a filtered first page of 50 (p50/p99), a full CSV-sized walk of every row 1,000 at a
/// time, and a role detail read (p99). Runs only with `PORTICO_BENCHMARK=1`; prints its figures.
@Suite struct InventoryTableBenchmark {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["PORTICO_BENCHMARK"] == "1"))
    func policiesTableOverAHundredThousandItems() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        var configuration = PorticoConfiguration()
        configuration.redis.host = redis.host
        configuration.redis.port = redis.port
        let settings = CacheSettings(configuration: configuration)
        let client = RedisClient(configuration: .init(host: redis.host, port: redis.port, poolSize: 8), logger: TestLogging.logger("bench"))
        let logger = TestLogging.logger("portico.bench")
        let accounts = SeededMoto.accounts(20, first: 300_000_000_001)
        for account in accounts {
            let items = (0..<4000).map { index in
                InventoryItem(
                    arn: "arn:aws:iam::\(account):role/service-\(index)", type: .role, name: "service-\(index)", accountID: account,
                    tags: [InventoryTag(key: "consoleme-authorized", value: "team-\(index % 50)")],
                    policyDocument: #"{"Version":"2012-10-17","Statement":[]}"#)
            } + (0..<1000).map { index in
                InventoryItem(arn: "arn:aws:iam::\(account):policy/managed-\(index)", type: .managedPolicy, name: "managed-\(index)", accountID: account)
            }
            let scope = SweepScope(account: account, kind: .iam)
            let sequence = Int64(1)
            _ = try await GenerationWriter(redis: client, settings: settings, logger: logger)
                .write(items, scope: scope, generation: "bench-\(account)", sequence: sequence)
            _ = try await GenerationCommitter(redis: client, settings: settings).commit(
                jobID: "bench-\(account)", scope: scope, generation: "bench-\(account)", sequence: sequence, status: SweepStatus())
            _ = try await client.send(["ZADD", settings.keys.accounts, "0", RedisArgument(account)])
            _ = try await client.send(["SET", settings.keys.account(account), RedisArgument(try ItemCoding.encodeJSON(
                CachedAccount(id: account, name: "acct-\(account.suffix(3))", source: "config")))])
        }
        let queries = CacheQueries(redis: client, settings: settings, logger: logger)
        let clock = ContinuousClock()
        func time(_ body: () async throws -> Void) async rethrows -> Duration {
            let start = clock.now
            try await body()
            return clock.now - start
        }
        let build = try await time { _ = try await queries.table(InventoryTable.Query(limit: 50)) }
        var filtered: [Duration] = []
        for index in 0..<200 {
            let query = InventoryTable.Query(
                filters: [try InventoryFilter(column: "arn", pattern: "service-\(index % 40)"),
                          try InventoryFilter(column: "account_name", pattern: "^acct-0")],
                limit: 50, restricted: true)
            filtered.append(try await time {
                let page = try await queries.table(query)
                #expect(!page.rows.isEmpty && page.total >= page.rows.count)
            })
        }
        var rows = 0
        let export = try await time {
            var cursor: String?
            repeat {
                let page = try await queries.table(InventoryTable.Query(cursor: cursor, limit: 1000))
                rows += page.rows.map { "\($0.row.accountID),\($0.accountName),\($0.row.arn),\($0.row.technology)\r\n" }.count
                cursor = page.nextCursor
            } while cursor != nil
        }
        #expect(rows == 100_000)
        var details: [Duration] = []
        for index in 0..<200 {
            details.append(try await time {
                _ = try await queries.detail(arn: "arn:aws:iam::\(accounts[index % 20]):role/service-\(index)", restricted: true)
            })
        }
        func percentile(_ values: [Duration], _ p: Double) -> String {
            let sorted = values.sorted()
            let value = sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
            return String(format: "%.2f ms", Double(value.components.attoseconds) / 1e15 + Double(value.components.seconds) * 1000)
        }
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let peak = status.split(separator: "\n").first { $0.hasPrefix("VmHWM") } ?? "VmHWM ?"
        print("""
            inventory-table-benchmark: 100000 items, 20 accounts
              first query (builds the index): \(percentile([build], 0))
              filtered first page of 50: p50 \(percentile(filtered, 0.5)), p99 \(percentile(filtered, 0.99))
              every row, 1000 a page: \(percentile([export], 0)) (\(rows) rows)
              role detail: p50 \(percentile(details, 0.5)), p99 \(percentile(details, 0.99))
              peak RSS of the test process: \(peak)
            """)
        await client.shutdown()
    }
}
