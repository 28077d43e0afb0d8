import BenchmarkStack
import BenchmarkSupport
import Foundation
import Logging
import PorticoAWS
import PorticoHTTP

/// One run, once redis-server and moto are up: seeds moto, starts Portico, checks that both
/// paths work, then measures the three loads and prints the figures.
struct CredentialsBenchmark {
    let options: Options
    let estate: SignedEstate
    let wrk: Wrk
    let redisPort: Int
    let motoPort: Int
    let http: HTTPClient
    let logger: Logger
    /// Where each server started here goes, so an interruption stops it too.
    let started: StartedServers

    static let loadNames = ["get_roles", "assume_role_direct", "get_credentials"]

    var motoEndpoint: String { "http://127.0.0.1:\(motoPort)" }

    func sts(_ credentials: AWSCredentials) -> STSClient {
        STSClient(client: AWSClient(
            configuration: AWSConfiguration(endpointURL: motoEndpoint, maxAttempts: 1),
            credentials: StaticCredentialProvider(credentials), http: http, logger: logger))
    }

    func run() async throws {
        say("credentials-benchmark: \(options.accounts) accounts × (\(options.roles) roles + 1 CLI-only); moto with signature checking")
        say("cores: \(ProcessInfo.processInfo.activeProcessorCount); wrk: \(options.threads) thread(s), \(options.connections) connections, "
            + "\(options.warmup) s warm-up + \(options.seconds) s per load")
        let hubKey = try await estate.seed(endpoint: motoEndpoint, http: http, logger: logger)
        // The budget is spent: a call with a wrong signature must now be refused.
        let forged = AWSCredentials(accessKeyID: hubKey.accessKeyID, secretAccessKey: "not-the-secret")
        guard (try? await sts(forged).getCallerIdentity()) == nil else { throw BenchmarkError("moto accepted a forged signature") }
        say("moto checks signatures: a forged one is refused")

        let stack = try PorticoStack(
            executable: options.server, estate: estate, redisPort: redisPort, motoEndpoint: motoEndpoint, hubKey: hubKey, http: http)
        started.add(stack.server)
        try stack.server.waitUntilListening(timeout: 60)
        let token = try await stack.signIn()
        let sweepStart = ContinuousClock.now
        try await stack.waitForRoles(estate.eligibleRoleCount, token: token, timeout: .seconds(300))
        let swept = ContinuousClock.now - sweepStart
        say("portico-server all is up; after the sweep the user sees their \(estate.eligibleRoleCount) roles "
            + "(\(swept.components.seconds) s after sign-in)")

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
        for name in options.loads {
            guard let load = loads.first(where: { $0.name == name }) else { continue }
            _ = try wrk.run(load, seconds: options.warmup)
            let result = try wrk.run(load, seconds: options.seconds)
            results[load.name] = result
            let label = load.name.padding(toLength: 22, withPad: " ", startingAt: 0)
            say(label + String(
                format: " %9.0f %10.2f %9.2f %9.2f   %d", result.perSecond, result.p50 / 1000, result.p99 / 1000, result.max / 1000,
                result.socketErrors + result.badStatus))
        }
        say("")
        if results.values.contains(where: { $0.socketErrors + $0.badStatus > 0 }) {
            say("warning: some requests failed (errors column); the figures above count them as requests")
        }
        if let credentials = results["get_credentials"], let assume = results["assume_role_direct"], let roles = results["get_roles"] {
            let ratio = assume.perSecond > 0 ? credentials.perSecond / assume.perSecond : 0
            say(String(format: "get_credentials / direct AssumeRole throughput: %.2f× (target ≥ 0.70×)", ratio))
            say(String(format: "get_roles: %.0f req/s (target ≥ 15000), p99 %.2f ms (target < 10 ms)", roles.perSecond, roles.p99 / 1000))
        }
    }
}
