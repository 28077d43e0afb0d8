import BenchmarkSupport
import CacheService
import Foundation
import Logging
import PorticoConfig
import PorticoRedis
import ServiceLifecycle

/// One measurement pass against an AWS endpoint: the sequential baseline, the cache with each
/// number of processes (first sweep, then a re-sweep of everything), and a refill from DynamoDB.
struct SweepBenchmark {
    let accounts: [String]
    let options: Options
    let redisPort: Int
    let dynamoEndpoint: String
    let redis: RedisClient
    let logger: Logger

    struct RunResult {
        var processes: Int
        var time: Duration
        /// A second sweep of everything right after the first: the steady state, in which only
        /// changed items are backed up.
        var resweep: Duration = .zero
        var callsPerAccount: Double
        var items: Int
        var memory: Int
    }

    func measure(awsEndpoint: String, label: String) async throws {
        let (baselineTime, baselineCalls, baselineItems) = try await baseline(awsEndpoint: awsEndpoint, label: label)
        say(String(format: "sequential baseline: %@, %d items, %.1f AWS calls per account", format(baselineTime), baselineItems,
                   Double(baselineCalls) / Double(accounts.count)))
        var results: [RunResult] = []
        for processes in options.processes {
            let result = try await run(processes: processes, awsEndpoint: awsEndpoint, label: label)
            results.append(result)
            say(String(
                format: "%d process(es) × %d workers: first sweep %@ (every item backed up), re-sweep %@; %d items, %.1f AWS calls per account, Redis %.1f MiB",
                processes, options.workers, format(result.time), format(result.resweep), result.items, result.callsPerAccount,
                Double(result.memory) / 1_048_576))
        }
        if let last = options.processes.last {
            say("refill of an emptied Redis from DynamoDB (no AWS call): \(format(try await refill(processes: last, awsEndpoint: awsEndpoint, label: label)))")
        }
        say("ratios (wall time):")
        for result in results {
            say(String(
                format: "  baseline / %d process(es): first sweep %.2f×, re-sweep %.2f×", result.processes,
                seconds(baselineTime) / seconds(result.time), seconds(baselineTime) / seconds(result.resweep)))
        }
        if results.count >= 2 {
            say(String(
                format: "  %d / %d process(es): first sweep %.2f×, re-sweep %.2f×", results[0].processes, results[1].processes,
                seconds(results[0].time) / seconds(results[1].time), seconds(results[0].resweep) / seconds(results[1].resweep)))
        }
    }

    /// The same sweeps, one scope after another, one AWS call at a time, nothing stored.
    func baseline(awsEndpoint: String, label: String) async throws -> (Duration, Int, Int) {
        let runtime = CacheRuntime(
            configuration: configuration(run: "\(label)-baseline", awsEndpoint: awsEndpoint, workers: 1, awsConcurrency: 1),
            logger: logger, credentials: StaticCredentialProviderForBenchmark.hub)
        var calls = 0
        var items = 0
        let start = ContinuousClock.now
        for account in accounts {
            for scope in runtime.settings.scopes(of: account) {
                let result = try await runtime.sweepWithoutStoring(scope)
                calls += result.awsCalls
                items += result.itemCount
            }
        }
        let time = ContinuousClock.now - start
        await runtime.shutdown()
        return (time, calls, items)
    }

    /// The first sweep by `processes` cache processes (in this one), then a re-sweep of everything.
    func run(processes: Int, awsEndpoint: String, label: String) async throws -> RunResult {
        _ = try await redis.send("FLUSHALL")
        let before = try await usedMemory()
        let run = "\(label)-p\(processes)"
        let runtimes = (0..<processes).map { index in
            CacheRuntime(
                configuration: configuration(run: run, awsEndpoint: awsEndpoint, workers: options.workers, awsConcurrency: 8),
                logger: logger, consumerPrefix: "bench-\(run)-\(index)", credentials: StaticCredentialProviderForBenchmark.hub)
        }
        let groups = runtimes.map { ServiceGroup(services: $0.services, logger: logger) }
        let start = ContinuousClock.now
        let tasks = groups.map { group in Task { try await group.run() } }
        let queries = runtimes[0].queries
        try await waitUntilSwept(queries, since: start, what: run)
        let status = try await queries.status(accounts: accounts)
        var result = RunResult(
            processes: processes, time: ContinuousClock.now - start,
            callsPerAccount: Double(status.values.reduce(0) { $0 + ($1.awsCalls ?? 0) }) / Double(accounts.count),
            items: status.values.reduce(0) { $0 + ($1.itemCount ?? 0) }, memory: try await usedMemory() - before)
        let resweepStart = ContinuousClock.now
        let jobs = try await queries.refresh(.all)
        let progress = try await queries.waitUntilFinished(jobIDs: jobs.map(\.id), timeout: .seconds(1800))
        guard jobs.allSatisfy({ progress[$0.id]?.state == .done }) else { throw BenchmarkError("the re-sweep of \(run) did not finish") }
        result.resweep = ContinuousClock.now - resweepStart
        for group in groups { await group.triggerGracefulShutdown() }
        for task in tasks { _ = try? await task.value }
        return result
    }

    /// Redis is lost after a run: the time a fresh process takes to refill it from DynamoDB.
    func refill(processes: Int, awsEndpoint: String, label: String) async throws -> Duration {
        _ = try await redis.send("FLUSHALL")
        let runtime = CacheRuntime(
            configuration: configuration(run: "\(label)-p\(processes)", awsEndpoint: awsEndpoint, workers: options.workers, awsConcurrency: 8),
            logger: logger, consumerPrefix: "bench-refill-\(label)", credentials: StaticCredentialProviderForBenchmark.hub)
        let group = ServiceGroup(services: runtime.services, logger: logger)
        let start = ContinuousClock.now
        let task = Task { try await group.run() }
        try await waitUntilSwept(runtime.queries, since: start, what: "the refill")
        let time = ContinuousClock.now - start
        await group.triggerGracefulShutdown()
        _ = try? await task.value
        return time
    }

    /// A configuration for one run: its own key prefix and DynamoDB tables, so each run starts cold.
    func configuration(run: String, awsEndpoint: String, workers: Int, awsConcurrency: Int) -> PorticoConfiguration {
        var configuration = PorticoConfiguration()
        configuration.redis.port = redisPort
        configuration.aws.endpointURL = awsEndpoint
        configuration.dynamodb.endpointURL = dynamoEndpoint
        configuration.dynamodb.createTables = true
        configuration.dynamodb.iamRolesTable = "bench_\(run)_roles"
        configuration.dynamodb.inventoryTable = "bench_\(run)_inventory"
        configuration.accounts = Dictionary(uniqueKeysWithValues: accounts.map { ($0, "bench-\($0)") })
        configuration.cache.regions = ["us-east-1"]
        configuration.cache.keyPrefix = "bench:\(run):"
        configuration.cache.workers = workers
        configuration.cache.awsConcurrency = awsConcurrency
        configuration.cache.schedulerTick = 1
        configuration.cache.jobVisibilityTimeout = 120
        return configuration
    }

    func waitUntilSwept(_ queries: CacheQueries, since start: ContinuousClock.Instant, what: String) async throws {
        while true {
            let status = try await queries.status(accounts: accounts)
            let done = accounts.allSatisfy { account in
                queries.settings.scopes(of: account).allSatisfy { status[$0]?.lastSuccessAt != nil }
            }
            if done { return }
            if ContinuousClock.now - start > .seconds(1800) { throw BenchmarkError("\(what) did not finish in 30 minutes") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    func usedMemory() async throws -> Int {
        let info = try await redis.send("INFO", "memory").string ?? ""
        for line in info.split(whereSeparator: \.isNewline) where line.hasPrefix("used_memory:") {
            return Int(line.dropFirst("used_memory:".count)) ?? 0
        }
        return 0
    }
}

/// Prints a line at once (standard output is block-buffered when redirected to a file).
func say(_ line: String) {
    print(line)
    fflush(nil)
}

func format(_ duration: Duration) -> String {
    String(format: "%.2f s", seconds(duration))
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
