// credentials-benchmark: Portico's credential brokering under load, against AWS itself on the
// same machine. Starts redis-server and moto (signature checking on), seeds a hub user, spoke
// roles and tagged roles, starts a release `portico-server all`, waits for the cache's sweep,
// signs in through the development sign-in, then drives with wrk:
//   (a) POST /api/v1/get_credentials through the gateway (AssumeRole with an IP-restriction policy),
//   (b) GET /api/v1/get_roles through the gateway,
//   (c) the same AssumeRole straight against moto, signed once and replayed, at (a)'s concurrency.
// Prints requests/s, p50/p99 and the ratio (a)/(c); stops everything on SIGINT.
import BenchmarkSupport
import Foundation
import Logging
import PorticoAWS
import PorticoHTTP
import Synchronization

struct Options {
    var server = ".build/release/portico-server"
    var seconds = 10
    var warmup = 3
    var connections = 32
    var threads = 1
    var accounts = 3
    var roles = 5

    static let usage = """
        usage: credentials-benchmark [--server .build/release/portico-server] [--duration 10] [--warmup 3]
                                     [--connections 32] [--threads 1] [--accounts 3] [--roles 5]
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
            default: throw BenchmarkError(Self.usage)
            }
        }
    }
}

/// Prints a line at once (standard output is block-buffered when redirected to a file).
func say(_ line: String) {
    print(line)
    fflush(nil)
}

let options = try Options(CommandLine.arguments)
guard FileManager.default.isExecutableFile(atPath: options.server) else {
    throw BenchmarkError("no portico-server at \(options.server): build it with `swift build -c release --product portico-server` "
        + "in the repository root, or pass --server PATH")
}
let logger = Logger(label: "credentials-benchmark") { _ in SwiftLogNoOpLogHandler() }
let estate = SignedEstate(accounts: options.accounts, roles: options.roles)
let wrk = try Wrk(threads: options.threads, connections: options.connections)

let redisPort = try ChildProcess.freePort()
let redis = try ChildProcess(
    "redis-server", arguments: ["--bind", "127.0.0.1", "--port", String(redisPort), "--save", "", "--appendonly", "no"],
    port: redisPort, name: "redis", benchmark: "credentials-benchmark")
let motoPort = try ChildProcess.freePort()
let moto = try ChildProcess(
    "moto_server", arguments: ["-H", "127.0.0.1", "-p", String(motoPort)],
    environment: [
        "INITIAL_NO_AUTH_ACTION_COUNT": String(estate.unsignedCalls), "MOTO_ALLOW_NONEXISTENT_REGION": "true",
        "AWS_DEFAULT_REGION": "us-east-1",
    ],
    port: motoPort, name: "moto", benchmark: "credentials-benchmark")
/// Everything to stop at the end or on SIGINT; the signal handler runs on another thread.
let started = Mutex<[ChildProcess]>([redis, moto])
func stopAll() {
    for process in started.withLock({ $0 }).reversed() { process.stop() }
    wrk.removeScripts()
}
defer { stopAll() }
// Interrupted: stop the servers rather than leave them running.
signal(SIGINT, SIG_IGN)
signal(SIGTERM, SIG_IGN)
let interruptions = [SIGINT, SIGTERM].map { number in
    let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
    source.setEventHandler {
        stopAll()
        exit(130)
    }
    source.resume()
    return source
}
try redis.waitUntilListening(timeout: 15)
try moto.waitUntilListening(timeout: 60)
let motoEndpoint = "http://127.0.0.1:\(motoPort)"
let http = HTTPClient(configuration: HTTPClient.Configuration(maxConnectionsPerHost: 8), logger: logger)

say("credentials-benchmark: \(options.accounts) accounts × (\(options.roles) roles + 1 CLI-only); moto with signature checking")
say("cores: \(ProcessInfo.processInfo.activeProcessorCount); wrk: \(options.threads) thread(s), \(options.connections) connections, "
    + "\(options.warmup) s warm-up + \(options.seconds) s per load")
let hubKey = try await estate.seed(endpoint: motoEndpoint, http: http, logger: logger)
func sts(_ credentials: AWSCredentials) -> STSClient {
    STSClient(client: AWSClient(
        configuration: AWSConfiguration(endpointURL: motoEndpoint, maxAttempts: 1), credentials: StaticCredentialProvider(credentials),
        http: http, logger: logger))
}
// The budget is spent: a call with a wrong signature must now be refused.
let forged = AWSCredentials(accessKeyID: hubKey.accessKeyID, secretAccessKey: "not-the-secret")
guard (try? await sts(forged).getCallerIdentity()) == nil else { throw BenchmarkError("moto accepted a forged signature") }
say("moto checks signatures: a forged one is refused")

let stack = try PorticoStack(
    executable: options.server, estate: estate, redisPort: redisPort, motoEndpoint: motoEndpoint, hubKey: hubKey, http: http)
started.withLock { $0.append(stack.server) }
try stack.server.waitUntilListening(timeout: 60)
let token = try await stack.signIn()
let sweepStart = ContinuousClock.now
try await stack.waitForRoles(estate.eligibleRoleCount, token: token, timeout: .seconds(300))
say("portico-server all is up; the sweep gave the user their \(estate.eligibleRoleCount) roles within \(ContinuousClock.now - sweepStart)")

// (a) works end to end: the keys act as the role in moto.
let issued = try await stack.credentials(for: estate.requestedRole, token: token)
let identity = try await sts(issued).getCallerIdentity()
guard identity.arn.contains(":assumed-role/bench-role-0/") else { throw BenchmarkError("issued keys act as \(identity.arn)") }

// (c) is the AssumeRole the broker makes for this user, and moto takes it again and again.
let policy = SignedAssumeRole.ipRestrictionPolicy(PorticoStack.ipRestrictions + ["127.0.0.1/32"])
let direct = SignedAssumeRole(
    port: motoPort, hubKey: hubKey, roleARN: estate.requestedRole, user: SignedEstate.user, durationSeconds: 3600, policy: policy)
for _ in 0..<2 {
    let replay = try await http.execute(HTTPClient.Request(
        method: "POST", url: motoEndpoint + "/", headers: HTTPClient.Headers(direct.headers.map { ($0.name, $0.value) }),
        body: Array(direct.body.utf8)))
    guard replay.status == 200, replay.bodyText.contains("<AssumeRoleResult>") else {
        throw BenchmarkError("moto refused the replayed AssumeRole: \(replay.status) \(replay.bodyText.prefix(300))")
    }
}
say("checked: issued keys act as \(identity.arn); moto accepts the replayed signed AssumeRole")
say("")

let bearer = [("Authorization", "Bearer \(token)")]
let loads = [
    WrkLoad(name: "get_roles", url: stack.baseURL + "/api/v1/get_roles", headers: bearer),
    WrkLoad(
        name: "assume_role_direct", url: motoEndpoint + "/", method: "POST",
        headers: direct.headers.filter { $0.name.lowercased() != "content-length" }.map { ($0.name, $0.value) },
        body: direct.body),
    WrkLoad(
        name: "get_credentials", url: stack.baseURL + "/api/v1/get_credentials", method: "POST",
        headers: bearer + [("Content-Type", "application/json")], body: #"{"requested_role":"\#(estate.requestedRole)"}"#),
]
var results: [String: WrkResult] = [:]
say("load                       req/s     p50 ms    p99 ms    max ms   errors")
for load in loads {
    _ = try wrk.run(load, seconds: options.warmup)
    let result = try wrk.run(load, seconds: options.seconds)
    results[load.name] = result
    let label = load.name.padding(toLength: 22, withPad: " ", startingAt: 0)
    say(label + String(
        format: " %9.0f %10.2f %9.2f %9.2f   %d", result.perSecond, result.p50 / 1000, result.p99 / 1000, result.max / 1000,
        result.socketErrors + result.badStatus))
}
say("")
if let credentials = results["get_credentials"], let assume = results["assume_role_direct"], let roles = results["get_roles"] {
    let ratio = assume.perSecond > 0 ? credentials.perSecond / assume.perSecond : 0
    say(String(format: "get_credentials / direct AssumeRole throughput: %.2f× (target ≥ 0.70×)", ratio))
    say(String(format: "get_roles: %.0f req/s (target ≥ 15000), p99 %.2f ms (target < 10 ms)", roles.perSecond, roles.p99 / 1000))
}
say("logs: \(stack.server.logFile.path), \(moto.logFile.path)")
await http.shutdown()
