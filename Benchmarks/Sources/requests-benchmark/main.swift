// requests-benchmark: policy requests through the gateway of a release `portico-server all`,
// stored in moto's DynamoDB. Starts redis-server and moto (signature checking on), seeds the
// benchmark estate, starts Portico, waits for the sweep, signs in, then creates --requests
// requests (--concurrency at a time) and measures, sequentially and concurrently, the first
// page of 50 of POST /api/v2/requests with a filter and GET /api/v2/requests/{id}. Prints
// p50/p99/max per measure; stops everything on SIGINT.
import BenchmarkStack
import BenchmarkSupport
import Foundation
import Logging
import PorticoHTTP

struct Options: Sendable {
    var server = ".build/release/portico-server"
    var requests = 10_000
    var concurrency = 8
    var samples = 1000
    var accounts = 2
    var roles = 20

    static let usage = """
        usage: requests-benchmark [--server .build/release/portico-server] [--requests 10000] [--concurrency 8]
                                  [--samples 1000] [--accounts 2] [--roles 20]
        """

    init(_ arguments: [String]) throws {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { throw BenchmarkError("missing value for \(flag)\n\(Self.usage)") }
            func count() throws -> Int {
                guard let n = Int(value), n > 0 else { throw BenchmarkError("\(flag) needs a positive integer") }
                return n
            }
            switch flag {
            case "--server": server = value
            case "--requests": requests = try count()
            case "--concurrency": concurrency = try count()
            case "--samples": samples = try count()
            case "--accounts": accounts = try count()
            case "--roles": roles = try count()
            default: throw BenchmarkError(Self.usage)
            }
        }
        guard requests >= 50 * accounts * roles else {
            throw BenchmarkError("--requests must be at least 50 × accounts × roles, so one role's filtered page is full")
        }
    }
}

func fail(_ error: any Error, status: Int32 = 1) -> Never { BenchmarkSupport.fail(error, benchmark: "requests-benchmark", status: status) }

let options: Options
do {
    options = try Options(CommandLine.arguments)
    guard FileManager.default.isExecutableFile(atPath: options.server) else {
        throw BenchmarkError("no portico-server at \(options.server): build it with `swift build -c release --product portico-server` "
            + "in the repository root, or pass --server PATH")
    }
} catch {
    fail(error, status: 2)
}
let logger = Logger(label: "requests-benchmark") { _ in SwiftLogNoOpLogHandler() }
let estate = SignedEstate(accounts: options.accounts, roles: options.roles)
let started = StartedServers()
let interruptions = onInterruption { started.stopAll() }
let http = HTTPClient(configuration: HTTPClient.Configuration(maxConnectionsPerHost: max(8, options.concurrency)), logger: logger)
do {
    let redisPort = try ChildProcess.freePort()
    let redis = try ChildProcess(
        "redis-server", arguments: ["--bind", "127.0.0.1", "--port", String(redisPort), "--save", "", "--appendonly", "no"],
        port: redisPort, name: "redis", benchmark: "requests-benchmark")
    started.add(redis)
    let motoPort = try ChildProcess.freePort()
    let moto = try ChildProcess(
        "moto_server", arguments: ["-H", "127.0.0.1", "-p", String(motoPort)],
        environment: [
            "INITIAL_NO_AUTH_ACTION_COUNT": String(estate.unsignedCalls), "MOTO_ALLOW_NONEXISTENT_REGION": "true",
            "AWS_DEFAULT_REGION": "us-east-1",
        ],
        port: motoPort, name: "moto", benchmark: "requests-benchmark")
    started.add(moto)
    try redis.waitUntilListening(timeout: 15)
    try moto.waitUntilListening(timeout: 60)
    let motoEndpoint = "http://127.0.0.1:\(motoPort)"
    say("requests-benchmark: \(options.requests) requests over \(options.accounts) accounts × \(options.roles) roles; "
        + "moto (signature checking on) holds DynamoDB; cores: \(ProcessInfo.processInfo.activeProcessorCount)")
    let hubKey = try await estate.seed(endpoint: motoEndpoint, http: http, logger: logger)
    let stack = try PorticoStack(
        executable: options.server, estate: estate, redisPort: redisPort, motoEndpoint: motoEndpoint, hubKey: hubKey, http: http,
        benchmark: "requests-benchmark")
    started.add(stack.server)
    try stack.server.waitUntilListening(timeout: 60)
    let token = try await stack.signIn()
    try await stack.waitForRoles(estate.eligibleRoleCount, token: token, timeout: .seconds(300))
    try await RequestsBenchmark(options: options, estate: estate, stack: stack, token: token, http: http).run()
    say("logs: \(FileManager.default.temporaryDirectory.path)/requests-benchmark-{portico,moto,redis}.log")
} catch {
    started.stopAll()
    fail(error)
}
await http.shutdown()
started.stopAll()
