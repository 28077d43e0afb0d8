// cache-benchmark: how the cache's sweep scales when the AWS side is not the bottleneck. The
// estate (default 30 accounts × 300 roles × 20 buckets, queues and topics) is spread over
// several moto processes behind a latency proxy (default 3 motos, 50 ms per call: real IAM
// answers slower than that). In one run: the sequential baseline, 1 and 3 cache processes × 4
// workers, their ratios, and the motos' own CPU time (the bound on how fast any run can be);
// then an estate of 100 accounts × 300 roles swept once for Redis memory per role.
import BenchmarkSupport
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
    /// moto processes the accounts are spread over.
    var motos = 3
    /// moto processes the DynamoDB backup is spread over (by account, as `DynamoDBShards` says).
    var dynamoMotos = 3
    /// Milliseconds added to every DynamoDB call.
    var dynamoLatency = 5
    /// Milliseconds added to every AWS call (the round trip moto on loopback does not have).
    var latency = 50
    /// The memory sweep's estate (0 accounts: skipped).
    var estateAccounts = 100
    var estateRoles = 300

    init(_ arguments: [String]) throws {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            guard flag != "--help", flag != "-h" else { throw BenchmarkError(Self.usage) }
            guard let value = iterator.next() else { throw BenchmarkError("missing value for \(flag); \(Self.usage)") }
            func count(allowZero: Bool = false) throws -> Int {
                guard let n = Int(value), n > 0 || (allowZero && n == 0) else {
                    throw BenchmarkError("\(flag) needs a \(allowZero ? "non-negative" : "positive") integer")
                }
                return n
            }
            switch flag {
            case "--accounts": accounts = try count()
            case "--roles": roles = try count()
            case "--resources": resources = try count(allowZero: true)
            case "--workers": workers = try count()
            case "--motos": motos = try count()
            case "--dynamodb-motos": dynamoMotos = try count()
            case "--dynamodb-latency-ms": dynamoLatency = try count(allowZero: true)
            case "--latency-ms": latency = try count(allowZero: true)
            case "--estate-accounts": estateAccounts = try count(allowZero: true)
            case "--estate-roles": estateRoles = try count()
            case "--processes": processes = value.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
            default: throw BenchmarkError("unknown option \(flag); \(Self.usage)")
            }
        }
        guard !processes.isEmpty else { throw BenchmarkError("--processes needs positive integers, e.g. 1,3") }
    }

    static let usage = """
        usage: cache-benchmark [--accounts 30] [--roles 300] [--resources 20] [--processes 1,3] [--workers 4] \
        [--motos 3] [--latency-ms 50] [--dynamodb-motos 3] [--dynamodb-latency-ms 5] [--estate-accounts 100] [--estate-roles 300]
        """
}

let options: Options
do {
    options = try Options(CommandLine.arguments)
} catch {
    FileHandle.standardError.write(Data("cache-benchmark: \(error)\n".utf8))
    exit(2)
}
let logger = Logger(label: "cache-benchmark") { _ in SwiftLogNoOpLogHandler() }
let accounts = (0..<options.accounts).map { String(400_000_000_001 + $0) }
let estate = (0..<options.estateAccounts).map { String(500_000_000_001 + $0) }

let servers = StartedServers()
let interruptions = onInterruption { servers.stopAll() }
defer { servers.stopAll() }

let redisPort = try ChildProcess.freePort()
let redis = try ChildProcess(
    "redis-server", arguments: ["--bind", "127.0.0.1", "--port", String(redisPort), "--save", "", "--appendonly", "no"],
    port: redisPort, name: "redis")
servers.add(redis)
var motos: [ChildProcess] = []
for index in 0..<options.motos {
    let port = try ChildProcess.freePort()
    let moto = try ChildProcess("moto_server", arguments: ["-H", "127.0.0.1", "-p", String(port)], port: port, name: "moto-\(index)")
    servers.add(moto)
    motos.append(moto)
}
// DynamoDB (the cache's backup) on motos of its own, so the backup's writes do not queue behind
// the swept APIs (in AWS they are different services), spread over several of them as a table
// is over partitions (DynamoDBShards).
var dynamos: [ChildProcess] = []
for index in 0..<options.dynamoMotos {
    let port = try ChildProcess.freePort()
    let dynamo = try ChildProcess(
        "moto_server", arguments: ["-H", "127.0.0.1", "-p", String(port)], port: port, name: "moto-dynamodb-\(index)")
    servers.add(dynamo)
    dynamos.append(dynamo)
}
try redis.waitUntilListening(timeout: 15)
for moto in motos + dynamos { try moto.waitUntilListening(timeout: 60) }
let motoEndpoints = motos.map { "http://127.0.0.1:\($0.port)" }
let redisClient = RedisClient(configuration: RedisConfiguration(port: redisPort, commandTimeout: .seconds(30)), logger: logger)
let http = HTTPClient(configuration: HTTPClient.Configuration(maxConnectionsPerHost: 128), logger: logger)

say("cache-benchmark: \(options.accounts) accounts × \(options.roles) roles × \(options.resources) buckets, queues and topics")
say("AWS side: \(options.motos) moto processes, accounts spread round-robin, \(options.latency) ms added per call")
say("cores: \(ProcessInfo.processInfo.activeProcessorCount); workers per cache process: \(options.workers)")
var seedStart = ContinuousClock.now
try await EstateSeeder.seed(
    accounts, across: motoEndpoints, http: http, logger: logger, roles: options.roles, resources: options.resources)
say("seeded in \(format(ContinuousClock.now - seedStart))")

func routes(_ accounts: [String]) -> LatencyProxy.Routes {
    LatencyProxy.Routes(
        upstreams: motoEndpoints,
        accountUpstream: Dictionary(uniqueKeysWithValues: accounts.enumerated().map { ($0.element, $0.offset % motoEndpoints.count) }))
}
let motoPIDs = motos.map { $0.process.processIdentifier }
let motoCPU: @Sendable () -> [Double] = { motoPIDs.map { ProcessCPU.seconds(of: $0) } }
// The rest of the machine's work during a pass: the backup's DynamoDB moto, redis-server, and
// this process (the cache runtimes, the latency proxy); which of them is busy says what bounds it.
let otherPIDs = dynamos.enumerated().map { ("dynamodb moto \($0.offset)", $0.element.process.processIdentifier) } + [
    ("redis", redis.process.processIdentifier), ("cache+proxies", getpid()),
]
let otherCPU: @Sendable () -> [(String, Double)] = { otherPIDs.map { ($0.0, ProcessCPU.seconds(of: $0.1)) } }

let proxy = try await LatencyProxy.start(routes: routes(accounts), latency: .milliseconds(options.latency), http: http)
let dynamoProxy = try await LatencyProxy.start(
    routes: DynamoDBShards(upstreams: dynamos.map { "http://127.0.0.1:\($0.port)" }), latency: .milliseconds(options.dynamoLatency),
    http: http)
say("DynamoDB backup: \(options.dynamoMotos) moto processes (items by account), \(options.dynamoLatency) ms added per call")
let benchmark = SweepBenchmark(
    options: options, redisPort: redisPort, dynamoEndpoint: "http://127.0.0.1:\(dynamoProxy.port)", redis: redisClient,
    logger: logger, motoCPU: motoCPU, otherCPU: otherCPU)
say("")
try await benchmark.measure(accounts: accounts, awsEndpoint: "http://127.0.0.1:\(proxy.port)", label: "scale")
await proxy.stop()

if !estate.isEmpty {
    say("")
    say("— estate: \(estate.count) accounts × \(options.estateRoles) roles (no other resources), no added latency —")
    seedStart = ContinuousClock.now
    try await EstateSeeder.seed(estate, across: motoEndpoints, http: http, logger: logger, roles: options.estateRoles, resources: 0)
    say("seeded in \(format(ContinuousClock.now - seedStart))")
    let estateProxy = try await LatencyProxy.start(routes: routes(estate), latency: .zero, http: http)
    let processes = options.processes.max() ?? 3
    let result = try await benchmark.run(
        accounts: estate, processes: processes, awsEndpoint: "http://127.0.0.1:\(estateProxy.port)", label: "estate")
    let roles = Double(estate.count * options.estateRoles)
    say(String(
        format: "%d process(es) × %d workers: swept in %@; %d items; Redis %.1f MiB, %.0f bytes per role",
        processes, options.workers, format(result.time), result.items, Double(result.memory) / 1_048_576,
        Double(result.memory) / roles))
    await estateProxy.stop()
}
await dynamoProxy.stop()
await redisClient.shutdown()
await http.shutdown()
