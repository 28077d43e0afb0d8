import BenchmarkSupport
import CacheService
import Foundation
import Logging
import PorticoConfig
import PorticoRedis
import ServiceLifecycle

/// One measurement against an AWS endpoint: the sequential baseline, then the cache with each
/// number of processes (a first sweep from an empty Redis and empty DynamoDB tables), each with
/// the motos' CPU time over it.
struct SweepBenchmark {
    let options: Options
    let redisPort: Int
    let dynamoEndpoint: String
    let redis: RedisClient
    let logger: Logger
    /// CPU seconds each moto process has used so far.
    let motoCPU: @Sendable () -> [Double]
    /// CPU seconds the other processes of a pass (DynamoDB's moto, Redis, this one) have used.
    let otherCPU: @Sendable () -> [(String, Double)]

    struct RunResult {
        var processes: Int
        var time: Duration
        var callsPerAccount: Double
        var items: Int
        var memory: Int
        /// CPU seconds each moto spent during the run.
        var motoCPU: [Double]
        /// CPU seconds the other processes spent during the run.
        var otherCPU: [(String, Double)]
    }

    func measure(accounts: [String], awsEndpoint: String, label: String) async throws {
        let before = motoCPU()
        let (baselineTime, baselineCalls, baselineItems) = try await baseline(accounts: accounts, awsEndpoint: awsEndpoint, label: label)
        let baselineCPU = zip(motoCPU(), before).map { $0 - $1 }
        say(String(format: "sequential baseline: %@, %d items, %.1f AWS calls per account; %@", format(baselineTime), baselineItems,
                   Double(baselineCalls) / Double(accounts.count), cpuText(baselineCPU)))
        var results: [RunResult] = []
        for processes in options.processes {
            let result = try await run(accounts: accounts, processes: processes, awsEndpoint: awsEndpoint, label: label)
            results.append(result)
            say(String(
                format: "%d process(es) × %d workers: %@; %d items, %.1f AWS calls per account, Redis %.1f MiB; %@",
                processes, options.workers, format(result.time), result.items, result.callsPerAccount,
                Double(result.memory) / 1_048_576, cpuText(result.motoCPU)))
            say("  other CPU: " + result.otherCPU.map { String(format: "%@ %.1f s", $0.0, $0.1) }.joined(separator: ", "))
            let machineCPU = result.motoCPU.reduce(0, +) + result.otherCPU.reduce(0) { $0 + $1.1 }
            let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
            say(String(
                format: "  machine: %.1f s of CPU in all over %.0f cores: no pass of this work can take less than %.1f s (this one: %@, %.0f%%)",
                machineCPU, cores, machineCPU / cores, format(result.time), 100 * machineCPU / cores / seconds(result.time)))
        }
        say("ratios (wall time):")
        for result in results {
            say(String(
                format: "  baseline / %d × %d: %.2f× (target for 3 × 4: ≥ 6×)", result.processes, options.workers,
                seconds(baselineTime) / seconds(result.time)))
        }
        if results.count >= 2 {
            say(String(
                format: "  %d / %d process(es): %.2f× (target: ≥ 2×)", results[results.count - 1].processes, results[0].processes,
                seconds(results[0].time) / seconds(results[results.count - 1].time)))
        }
        say("bound: no run can be faster than its busiest moto's CPU time (and, on \(ProcessInfo.processInfo.activeProcessorCount) cores, than all motos' CPU time / cores)")
    }

    func cpuText(_ cpu: [Double]) -> String {
        let total = cpu.reduce(0, +)
        let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
        return String(
            format: "moto CPU %.1f s (per process %@; bound %.1f s)", total, cpu.map { String(format: "%.1f", $0) }.joined(separator: "/"),
            max(cpu.max() ?? 0, total / cores))
    }

    /// The same sweeps, one scope after another, one AWS call at a time, nothing stored.
    func baseline(accounts: [String], awsEndpoint: String, label: String) async throws -> (Duration, Int, Int) {
        let runtime = CacheRuntime(
            configuration: configuration(accounts: accounts, run: "\(label)-baseline", awsEndpoint: awsEndpoint, workers: 1, awsConcurrency: 1),
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

    /// The first sweep of every account by `processes` cache processes' worth of runtimes.
    func run(accounts: [String], processes: Int, awsEndpoint: String, label: String) async throws -> RunResult {
        _ = try await redis.send("FLUSHALL")
        let before = try await usedMemory()
        let cpuBefore = motoCPU()
        let otherBefore = otherCPU()
        let run = "\(label)-p\(processes)"
        let runtimes = (0..<processes).map { index in
            CacheRuntime(
                configuration: configuration(accounts: accounts, run: run, awsEndpoint: awsEndpoint, workers: options.workers, awsConcurrency: 8),
                logger: logger, consumerPrefix: "bench-\(run)-\(index)", credentials: StaticCredentialProviderForBenchmark.hub)
        }
        let groups = runtimes.map { ServiceGroup(services: $0.services, logger: logger) }
        let start = ContinuousClock.now
        let tasks = groups.map { group in Task { try await group.run() } }
        let queries = runtimes[0].queries
        try await waitUntilSwept(queries, accounts: accounts, since: start, what: run)
        let time = ContinuousClock.now - start
        let cpu = zip(motoCPU(), cpuBefore).map { $0 - $1 }
        let other = zip(otherCPU(), otherBefore).map { ($0.0, $0.1 - $1.1) }
        let status = try await queries.status(accounts: accounts)
        let result = RunResult(
            processes: processes, time: time,
            callsPerAccount: Double(status.values.reduce(0) { $0 + ($1.awsCalls ?? 0) }) / Double(accounts.count),
            items: status.values.reduce(0) { $0 + ($1.itemCount ?? 0) }, memory: try await usedMemory() - before, motoCPU: cpu,
            otherCPU: other)
        for group in groups { await group.triggerGracefulShutdown() }
        for task in tasks { _ = try? await task.value }
        return result
    }

    /// A configuration for one run: its own key prefix and DynamoDB tables, so each run starts cold.
    func configuration(accounts: [String], run: String, awsEndpoint: String, workers: Int, awsConcurrency: Int) -> PorticoConfiguration {
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

    func waitUntilSwept(_ queries: CacheQueries, accounts: [String], since start: ContinuousClock.Instant, what: String) async throws {
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

func format(_ duration: Duration) -> String {
    String(format: "%.2f s", seconds(duration))
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
