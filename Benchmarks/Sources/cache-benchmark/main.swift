// cache-benchmark: sweeps a moto estate (default 30 accounts × 300 roles × 20 buckets, queues
// and topics) with the cache service — one process's worth of workers, then three — and, in the
// same run, a sequential baseline making the same AWS calls one after another without storing
// anything; then again with a delay added to every AWS call (the network moto on loopback does
// not have). Prints the AWS calls per account, wall times, ratios, Redis memory and the time to
// refill an emptied Redis from DynamoDB.
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
    /// Milliseconds added to every AWS call (the round trip moto on loopback does not have).
    var latencies = [0, 20]

    init(_ arguments: [String]) throws {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            guard flag != "--help", flag != "-h" else { throw BenchmarkError(Self.usage) }
            guard let value = iterator.next() else { throw BenchmarkError("missing value for \(flag); \(Self.usage)") }
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
            case "--latency-ms": latencies = value.split(separator: ",").compactMap { Int($0) }.filter { $0 >= 0 }
            default: throw BenchmarkError("unknown option \(flag); \(Self.usage)")
            }
        }
        guard !processes.isEmpty else { throw BenchmarkError("--processes needs positive integers, e.g. 1,3") }
        guard !latencies.isEmpty else { throw BenchmarkError("--latency-ms needs integers of 0 or more, e.g. 0,20") }
    }

    static let usage =
        "usage: cache-benchmark [--accounts 30] [--roles 300] [--resources 20] [--processes 1,3] [--workers 4] [--latency-ms 0,20]"
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

let benchmark = SweepBenchmark(
    accounts: accounts, options: options, redisPort: redisPort, dynamoEndpoint: dynamoEndpoint, redis: redisClient,
    logger: logger)
for latency in options.latencies {
    let endpoint: String
    var proxy: LatencyProxy?
    if latency > 0 {
        let started = try await LatencyProxy.start(forwardingTo: motoEndpoint, latency: .milliseconds(latency), http: http)
        proxy = started
        endpoint = "http://127.0.0.1:\(started.port)"
    } else {
        endpoint = motoEndpoint
    }
    say("")
    say("— added latency per AWS call: \(latency) ms —")
    try await benchmark.measure(awsEndpoint: endpoint, label: "l\(latency)")
    await proxy?.stop()
}
await redisClient.shutdown()
await http.shutdown()
