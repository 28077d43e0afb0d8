// credentials-benchmark: Portico's credential brokering under load, against AWS itself on the
// same machine. Starts redis-server and moto (signature checking on), seeds a hub user, spoke
// roles and tagged roles, starts a release `portico-server all`, waits for the cache's sweep,
// signs in through the development sign-in, then drives with wrk:
//   (a) POST /api/v1/get_credentials through the gateway (AssumeRole with an IP-restriction policy),
//   (b) GET /api/v1/get_roles through the gateway,
//   (c) the same AssumeRole straight against moto, signed once and replayed, at (a)'s concurrency.
// Prints requests/s, p50/p99 and the ratio (a)/(c); stops everything on SIGINT.
import BenchmarkStack
import BenchmarkSupport
import Foundation
import Logging
import PorticoHTTP

struct Options {
    var server = ".build/release/portico-server"
    var seconds = 10
    var warmup = 3
    var connections = 32
    var threads = 1
    var accounts = 3
    var roles = 5
    /// Which loads to drive, in this order.
    var loads = CredentialsBenchmark.loadNames

    static let usage = """
        usage: credentials-benchmark [--server .build/release/portico-server] [--duration 10] [--warmup 3]
                                     [--connections 32] [--threads 1] [--accounts 3] [--roles 5]
                                     [--loads get_roles,assume_role_direct,get_credentials]
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
            case "--duration": seconds = try count()
            case "--warmup": warmup = try count()
            case "--connections": connections = try count()
            case "--threads": threads = try count()
            case "--accounts": accounts = try count()
            case "--roles": roles = try count()
            case "--loads":
                loads = value.split(separator: ",").map(String.init)
                guard !loads.isEmpty, loads.allSatisfy(CredentialsBenchmark.loadNames.contains) else {
                    throw BenchmarkError("--loads takes a comma-separated list of \(CredentialsBenchmark.loadNames.joined(separator: ", "))")
                }
            default: throw BenchmarkError(Self.usage)
            }
        }
    }
}

func fail(_ error: any Error, status: Int32 = 1) -> Never { BenchmarkSupport.fail(error, benchmark: "credentials-benchmark", status: status) }

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
let logger = Logger(label: "credentials-benchmark") { _ in SwiftLogNoOpLogHandler() }
let estate = SignedEstate(accounts: options.accounts, roles: options.roles)
let wrk: Wrk
do { wrk = try Wrk(threads: options.threads, connections: options.connections) } catch { fail(error) }

let redis: ChildProcess
do {
    let port = try ChildProcess.freePort()
    redis = try ChildProcess(
        "redis-server", arguments: ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no"],
        port: port, name: "redis", benchmark: "credentials-benchmark")
} catch {
    fail(error)
}
let moto: ChildProcess
do {
    let port = try ChildProcess.freePort()
    moto = try ChildProcess(
        "moto_server", arguments: ["-H", "127.0.0.1", "-p", String(port)],
        environment: [
            "INITIAL_NO_AUTH_ACTION_COUNT": String(estate.unsignedCalls), "MOTO_ALLOW_NONEXISTENT_REGION": "true",
            "AWS_DEFAULT_REGION": "us-east-1",
        ],
        port: port, name: "moto", benchmark: "credentials-benchmark")
} catch {
    redis.stop()
    fail(error)
}
let started = StartedServers()
started.add(redis)
started.add(moto)
func stopAll() {
    started.stopAll()
    wrk.removeScripts()
}
let interruptions = onInterruption { stopAll() }
let http = HTTPClient(configuration: HTTPClient.Configuration(maxConnectionsPerHost: 8), logger: logger)
do {
    try redis.waitUntilListening(timeout: 15)
    try moto.waitUntilListening(timeout: 60)
    let benchmark = CredentialsBenchmark(
        options: options, estate: estate, wrk: wrk, redisPort: redis.port, motoPort: moto.port, http: http, logger: logger,
        started: started)
    try await benchmark.run()
    say("logs: \(FileManager.default.temporaryDirectory.path)/credentials-benchmark-{portico,moto,redis}.log")
} catch {
    stopAll()
    fail(error)
}
await http.shutdown()
stopAll()
