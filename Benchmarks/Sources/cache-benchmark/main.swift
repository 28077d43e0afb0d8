// cache-benchmark: sweeps a moto estate (default 30 accounts × 300 roles × 20 buckets, queues
// and topics) with the cache service — one process's worth of workers, then three — and, in the
// same run, a sequential baseline making the same AWS calls one after another without storing
// anything. Prints the AWS calls per account, wall times, ratios and Redis memory.
import CacheService
import Foundation
import Logging
import PorticoConfig
import PorticoHTTP
import PorticoRedis
import ServiceLifecycle

struct Options {
    var accounts = 30
    var roles = 300
    var resources = 20
    var processes = [1, 3]
    var workers = 4

    init(_ arguments: [String]) throws {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { throw BenchmarkError("missing value for \(flag)") }
            func count() throws -> Int {
                guard let n = Int(value), n > 0 else { throw BenchmarkError("\(flag) needs a positive integer") }
                return n
            }
            switch flag {
            case "--accounts": accounts = try count()
            case "--roles": roles = try count()
            case "--resources": resources = try count()
            case "--workers": workers = try count()
            case "--processes": processes = value.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
            default:
                throw BenchmarkError(
                    "usage: cache-benchmark [--accounts 30] [--roles 300] [--resources 20] [--processes 1,3] [--workers 4]")
            }
        }
    }
}

let options = try Options(CommandLine.arguments)
let logger = Logger(label: "cache-benchmark") { _ in SwiftLogNoOpLogHandler() }
let accounts = (0..<options.accounts).map { String(400_000_000_001 + $0) }

let redisPort = try ChildProcess.freePort()
let redis = try ChildProcess(
    "redis-server", arguments: ["--bind", "127.0.0.1", "--port", String(redisPort), "--save", "", "--appendonly", "no"],
    port: redisPort, name: "redis")
let motoPort = try ChildProcess.freePort()
let moto = try ChildProcess("moto_server", arguments: ["-H", "127.0.0.1", "-p", String(motoPort)], port: motoPort, name: "moto")
// DynamoDB (the cache's backup) on a moto of its own, so the backup's writes do not queue behind
// the swept APIs in one Python process: in AWS they are different services.
let dynamoPort = try ChildProcess.freePort()
let dynamo = try ChildProcess(
    "moto_server", arguments: ["-H", "127.0.0.1", "-p", String(dynamoPort)], port: dynamoPort, name: "moto-dynamodb")
defer {
    moto.stop()
    dynamo.stop()
    redis.stop()
}
// Interrupted: stop the servers rather than leave them running.
signal(SIGINT, SIG_IGN)
signal(SIGTERM, SIG_IGN)
let interruptions = [SIGINT, SIGTERM].map { number in
    let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
    source.setEventHandler {
        moto.stop()
        dynamo.stop()
        redis.stop()
        exit(130)
    }
    source.resume()
    return source
}
try redis.waitUntilListening(timeout: 15)
try moto.waitUntilListening(timeout: 60)
try dynamo.waitUntilListening(timeout: 60)
let motoEndpoint = "http://127.0.0.1:\(motoPort)"
let dynamoEndpoint = "http://127.0.0.1:\(dynamoPort)"
let redisClient = RedisClient(configuration: RedisConfiguration(port: redisPort, commandTimeout: .seconds(30)), logger: logger)
let http = HTTPClient(configuration: HTTPClient.Configuration(maxConnectionsPerHost: 32), logger: logger)

say("cache-benchmark: \(options.accounts) accounts × \(options.roles) roles × \(options.resources) buckets, queues and topics (moto)")
say("cores: \(ProcessInfo.processInfo.activeProcessorCount); workers per process: \(options.workers)")
let seedStart = ContinuousClock.now
try await EstateSeeder(endpoint: motoEndpoint, http: http, logger: logger, roles: options.roles, resources: options.resources)
    .seed(accounts)
say("seeded in \(format(ContinuousClock.now - seedStart))")

/// A configuration for one run: its own key prefix and DynamoDB tables, so each run starts cold.
func configuration(run: String, workers: Int, awsConcurrency: Int) -> PorticoConfiguration {
    var configuration = PorticoConfiguration()
    configuration.redis.port = redisPort
    configuration.aws.endpointURL = motoEndpoint
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

/// Prints a line at once (standard output is block-buffered when redirected to a file).
func say(_ line: String) {
    print(line)
    fflush(nil)
}

func format(_ duration: Duration) -> String {
    String(format: "%.2f s", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func usedMemory() async throws -> Int {
    let info = try await redisClient.send("INFO", "memory").string ?? ""
    for line in info.split(whereSeparator: \.isNewline) where line.hasPrefix("used_memory:") {
        return Int(line.dropFirst("used_memory:".count)) ?? 0
    }
    return 0
}

/// Whether every scope of every account has a successful sweep.
func allSwept(_ queries: CacheQueries) async throws -> Bool {
    let status = try await queries.status(accounts: accounts)
    return accounts.allSatisfy { account in
        queries.settings.scopes(of: account).allSatisfy { status[$0]?.lastSuccessAt != nil }
    }
}

// Sequential baseline: the same sweeps, one scope after another, one AWS call at a time, nothing stored.
let baselineRuntime = CacheRuntime(
    configuration: configuration(run: "baseline", workers: 1, awsConcurrency: 1), logger: logger,
    credentials: StaticCredentialProviderForBenchmark.hub)
var baselineCalls = 0
var baselineItems = 0
let baselineStart = ContinuousClock.now
for account in accounts {
    for scope in baselineRuntime.settings.scopes(of: account) {
        let result = try await baselineRuntime.sweepWithoutStoring(scope)
        baselineCalls += result.awsCalls
        baselineItems += result.itemCount
    }
}
let baselineTime = ContinuousClock.now - baselineStart
await baselineRuntime.shutdown()
say(String(format: "sequential baseline: %@, %d items, %.1f AWS calls per account", format(baselineTime), baselineItems,
             Double(baselineCalls) / Double(accounts.count)))

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

var results: [RunResult] = []
for processes in options.processes {
    _ = try await redisClient.send("FLUSHALL")
    let before = try await usedMemory()
    let run = "p\(processes)"
    let runtimes = (0..<processes).map { index in
        CacheRuntime(
            configuration: configuration(run: run, workers: options.workers, awsConcurrency: 8), logger: logger,
            consumerPrefix: "bench-\(run)-\(index)", credentials: StaticCredentialProviderForBenchmark.hub)
    }
    let groups = runtimes.map { ServiceGroup(services: $0.services, logger: logger) }
    let start = ContinuousClock.now
    let tasks = groups.map { group in Task { try await group.run() } }
    let queries = runtimes[0].queries
    while true {
        if try await allSwept(queries) {
            let status = try await queries.status(accounts: accounts)
            let time = ContinuousClock.now - start
            let calls = status.values.reduce(0) { $0 + ($1.awsCalls ?? 0) }
            let items = status.values.reduce(0) { $0 + ($1.itemCount ?? 0) }
            let memory = try await usedMemory() - before
            results.append(RunResult(
                processes: processes, time: time, callsPerAccount: Double(calls) / Double(accounts.count), items: items,
                memory: memory))
            break
        }
        if ContinuousClock.now - start > .seconds(1800) { throw BenchmarkError("\(run) did not finish in 30 minutes") }
        try await Task.sleep(for: .milliseconds(100))
    }
    let resweepStart = ContinuousClock.now
    let jobs = try await queries.refresh(.all)
    let progress = try await queries.waitUntilFinished(jobIDs: jobs.map(\.id), timeout: .seconds(1800))
    guard jobs.allSatisfy({ progress[$0.id]?.state == .done }) else { throw BenchmarkError("the re-sweep did not finish") }
    results[results.count - 1].resweep = ContinuousClock.now - resweepStart
    for group in groups { await group.triggerGracefulShutdown() }
    for task in tasks { _ = try? await task.value }
    let last = results[results.count - 1]
    say(String(
        format: "%d process(es) × %d workers: first sweep %@ (every item backed up), re-sweep %@; %d items, %.1f AWS calls per account, Redis %.1f MiB",
        processes, options.workers, format(last.time), format(last.resweep), last.items, last.callsPerAccount,
        Double(last.memory) / 1_048_576))
}

// Refill: Redis lost after the last run; a fresh process refills it from DynamoDB.
if let last = options.processes.last {
    _ = try await redisClient.send("FLUSHALL")
    let runtime = CacheRuntime(
        configuration: configuration(run: "p\(last)", workers: options.workers, awsConcurrency: 8), logger: logger,
        consumerPrefix: "bench-refill", credentials: StaticCredentialProviderForBenchmark.hub)
    let group = ServiceGroup(services: runtime.services, logger: logger)
    let start = ContinuousClock.now
    let task = Task { try await group.run() }
    while try await !allSwept(runtime.queries) {
        try await Task.sleep(for: .milliseconds(50))
    }
    say("refill of an emptied Redis from DynamoDB (no AWS call): \(format(ContinuousClock.now - start))")
    await group.triggerGracefulShutdown()
    _ = try? await task.value
}

say("")
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
say(String(format: "AWS calls per account: baseline %.1f, cache %@", Double(baselineCalls) / Double(accounts.count),
             results.map { String(format: "%.1f", $0.callsPerAccount) }.joined(separator: " / ")))
await redisClient.shutdown()
await http.shutdown()
