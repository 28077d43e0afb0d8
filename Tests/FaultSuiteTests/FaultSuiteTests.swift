import Foundation
import PorticoAPI
import PorticoHTTP
import PorticoRedis
import PorticoStackSupport
import PorticoTestSupport
import Proto
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Issue 18's fault suite (`make faults`): 2 gateways, 2 AuthService, 3 CredentialService,
/// 2 RequestService and 3 cache processes on loopback against signature-checking moto and
/// redis-server, under a steady load (`FaultLoad`); then, one at a time, `kill -9` of a replica
/// of each service and its restart, Redis flushed, Redis restarted (empty: nothing is saved), and
/// AWS away for a while. For each fault it prints requests sent, failed, p99 and the recovery time,
/// and holds: no idempotent call fails while a replica is down, after Redis is flushed or while it
/// restarts (the failures while AWS is away are reported, not held to zero); a creation either succeeds or
/// fails, and no request is ever stored twice; every account is swept again after the fault.
@Suite(.serialized) struct FaultSuiteTests {
    /// How long each fault lasts before the replica is restarted (or Redis, or AWS, is back).
    static let faultSeconds = 5.0
    /// How long each row goes on under load after the recovery.
    static let observeSeconds = 3.0
    /// The services the load's calls reach over RPC (the gateway calls AuthService only to sign in).
    static let loadReaches: Set<String> = ["credentials", "cache", "requests"]
    /// How long the restarted part may take to serve again (the stated recovery bound).
    static let recoveryBound = 60.0

    enum Fault: CustomStringConvertible {
        case baseline
        case kill(String)
        case redisFlushed
        case redisRestart
        case awsAway

        var description: String {
            switch self {
            case .baseline: "none (baseline)"
            case .kill(let service): "kill -9 a \(service) replica"
            case .redisFlushed: "Redis flushed (FLUSHALL)"
            case .redisRestart: "Redis restarted (empty)"
            case .awsAway: "AWS away (moto behind the proxy)"
            }
        }
    }

    /// One row of the printed table.
    struct Row {
        var fault: Fault
        var sent: Int
        var failedIdempotent: Int
        var creations: Int
        var creationsFailed: Int
        var p99: Double
        var recovery: Duration
        var failures: [String: Int]
    }

    @Test func replicasKilledRedisRestartedAndAWSAwayUnderLoad() async throws {
        let options = Topology.Options(
            services: [
                .init("auth", count: 2), .init("credentials", count: 3), .init("cache", count: 3), .init("requests", count: 2),
                .init("gateway", count: 2),
            ],
            configOverrides: [
                "cache": "{regions: [us-east-1], scheduler_tick: 1, intervals: {iam: 5, s3: 60, sqs: 60, sns: 60}}",
                "policies": "{role_name: \(E2EEstate.spokeRoleName), min_expiry_seconds: 0}",
            ])
        try await Topology.with(options) { topology in try await Self.run(topology) }
    }

    /// The suite on a started topology: sign in, seed a request, start the load, then each fault.
    static func run(_ topology: Topology) async throws {
        let gatewayPort = try #require(topology.ports["gateway"])
        let gateways = topology.replicas(of: "gateway").map { "http://\($0.address.host):\(gatewayPort)" }
        let caller = GatewayCaller(gatewayURL: gateways[0], http: topology.http)
        guard case .bearer(let token) = try await caller.signInCLI(E2EEstate.alice) else {
            Issue.record("the CLI sign-in gave no bearer session")
            return
        }
        let role = E2EEstate.webAdmin.arn
        let first = try await topology.http.execute(HTTPClient.Request(
            method: "POST", url: gateways[0] + "/api/v2/request",
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
            body: Array(Self.creationBody(role: role, marker: "fault-suite seed").utf8)))
        #expect(first.status == 200, "\(first.bodyText)")
        let requestID = try #require(
            (try JSONSerialization.jsonObject(with: Data(first.body)) as? [String: Any])?["request_id"] as? String)

        let load = FaultLoad(gateways: gateways, token: token, role: role, requestID: requestID, http: topology.http)
        let loading = Task { await load.run(connections: 4) { Self.creationBody(role: role, marker: $0) } }
        defer { load.stop() }  // also when a fault throws: the clients end with the topology

        var rows: [Row] = []
        let baselineStart = ContinuousClock.now
        try await awaitCondition("a steady load", timeout: 30, every: 0.2) { load.recorded.count >= 50 }
        rows.append(Self.row(.baseline, load.recorded, from: baselineStart, to: .now, recovery: .zero))

        let faults: [Fault] = [
            .kill("gateway"), .kill("auth"), .kill("credentials"), .kill("requests"), .kill("cache"), .redisFlushed, .redisRestart, .awsAway,
        ]
        for fault in faults {
            let start = ContinuousClock.now
            let recovery = try await Self.inject(fault, into: topology, load: load, gateways: gateways, token: token, role: role)
            // The row also covers a stretch of load after the recovery: the load's duration, not a wait.
            try await Task.sleep(for: .milliseconds(Int(Self.observeSeconds * 1000)))
            let end = ContinuousClock.now
            let row = Self.row(fault, load.recorded, from: start, to: end, recovery: recovery)
            rows.append(row)
            try await Self.awaitEveryAccountSwept(after: Date(), topology: topology)
            switch fault {
            case .kill, .redisFlushed, .redisRestart:
                // Redis flushed: the eligible roles come back from the DynamoDB backup, requests
                // live in DynamoDB. Redis restarted: calls wait for it (redis.ride_through_seconds).
                // Nothing idempotent fails.
                #expect(row.failedIdempotent == 0, "\(fault): \(row.failures)")
            case .baseline, .awsAway:
                // Reported, not held to zero: see the table (and the closing note).
                break
            }
            #expect(recovery < .seconds(Self.recoveryBound), "\(fault): back after \(recovery)")
        }
        load.stop()
        await loading.value

        // Every creation that succeeded is stored once; none is stored twice.
        let creations = load.recorded.filter { $0.kind == .requestCreate }
        let stored = try await Self.storedJustifications(gateway: gateways[0], token: token, http: topology.http)
        for creation in creations {
            let copies = stored[creation.marker ?? "", default: 0]
            #expect(copies <= 1, "\(creation.marker ?? "") stored \(copies) times")
            if creation.succeeded { #expect(copies == 1, "\(creation.marker ?? "") answered 200 but is not stored") }
        }
        #expect(creations.allSatisfy { $0.status == nil || [200, 503].contains($0.status!) },
                "creations ended \(Dictionary(grouping: creations, by: { $0.status ?? 0 }).mapValues(\.count))")
        Self.printTable(rows)
    }

    // MARK: - Faults

    /// Injects `fault`, keeps it for `faultSeconds` under the load, ends it, and answers how
    /// long after the injection the system served fully again.
    static func inject(
        _ fault: Fault, into topology: Topology, load: FaultLoad, gateways: [String], token: String, role: String
    ) async throws -> Duration {
        let start = ContinuousClock.now
        switch fault {
        case .baseline:
            break
        case .kill(let service):
            let victim = try #require(topology.replicas(of: service).last)
            topology.kill(victim)
            try await Task.sleep(for: .milliseconds(Int(faultSeconds * 1000)))  // the fault's duration, not a wait for a condition
            try await topology.restart(victim)
            if loadReaches.contains(service) {
                // Back to full capacity: the restarted process serves the load's calls again
                // (the others are back once ready: the load does not call them).
                try await awaitCondition("the restarted \(service) serving", timeout: recoveryBound, every: 0.1) {
                    try await topology.servedCalls(by: victim) > 0
                }
            }
        case .redisFlushed:
            let redis = RedisClient(
                configuration: RedisConfiguration(host: topology.redis.host, port: topology.redis.port, db: 0, password: nil),
                logger: topology.logger)
            _ = try await redis.send("FLUSHALL")
            await redis.shutdown()
            try await awaitServing(gateways: gateways, token: token, role: role, http: topology.http)
        case .redisRestart:
            try await topology.redis.restart()
            try await awaitServing(gateways: gateways, token: token, role: role, http: topology.http)
        case .awsAway:
            topology.proxy.outage = true
            try await Task.sleep(for: .milliseconds(Int(faultSeconds * 1000)))  // the fault's duration
            topology.proxy.outage = false
            try await awaitServing(gateways: gateways, token: token, role: role, http: topology.http)
        }
        return ContinuousClock.now - start
    }

    /// Waits until every gateway answers roles and credentials again.
    static func awaitServing(gateways: [String], token: String, role: String, http: HTTPClient) async throws {
        try await awaitCondition("every gateway serving roles and credentials", timeout: recoveryBound, every: 0.1) {
            for gateway in gateways {
                let headers: HTTPClient.Headers = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
                let roles = try await http.execute(HTTPClient.Request(url: gateway + "/api/v1/get_roles", headers: headers))
                let credentials = try await http.execute(HTTPClient.Request(
                    method: "POST", url: gateway + "/api/v1/get_credentials", headers: headers,
                    body: Array(#"{"requested_role":"\#(role)"}"#.utf8)))
                guard roles.status == 200, credentials.status == 200 else { return false }
            }
            return true
        }
    }

    /// Waits until the cache has swept every account's IAM again after `instant`: no sweep job
    /// was lost to the fault.
    static func awaitEveryAccountSwept(after instant: Date, topology: Topology) async throws {
        let since = Int64(instant.timeIntervalSince1970 * 1000)
        let accounts = topology.options.accountNames.keys.sorted()
        let cache = try topology.rpcClient(to: try topology.replica(of: "cache"))
        defer { Task { await cache.close() } }
        try await awaitCondition("every account swept after the fault", timeout: recoveryBound, every: 0.25) {
            let status = try await CacheClient(rpc: cache).sweepStatus(CacheSweepStatusRequest(accountIDs: accounts))
            let swept = Set(status.scopes.filter { $0.kind == "iam" && $0.lastSuccessUnixMs > since }.map(\.accountID))
            return swept == Set(accounts)
        }
    }

    // MARK: - Requests

    /// A creation body whose justification (`marker`) finds it again; its policy name is unique too.
    static func creationBody(role: String, marker: String) -> String {
        let name = "fault-" + String(marker.unicodeScalars.filter { ("0"..."9").contains($0) || $0 == " " }.map { $0 == " " ? "-" : Character($0) })
        return """
            {"justification":"\(marker)","changes":{"changes":[{"principal":{"principal_arn":"\(role)",\
            "principal_type":"AwsResource"},"change_type":"inline_policy","action":"attach","policy_name":"\(name)",\
            "policy":{"policy_document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],\
            "Resource":"arn:aws:s3:::fault-suite-bucket/*"}]}}}]}}
            """
    }

    /// How many stored requests carry each justification (every page of the list).
    static func storedJustifications(gateway: String, token: String, http: HTTPClient) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        var cursor: String?
        repeat {
            let cursorField = cursor.map { #","cursor":"\#($0)""# } ?? ""
            let response = try await http.execute(HTTPClient.Request(
                method: "POST", url: gateway + "/api/v2/requests",
                headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                body: Array(#"{"limit":1000,"filters":{"justification":"^fault-suite"}\#(cursorField)}"#.utf8)))
            #expect(response.status == 200, "\(response.bodyText)")
            let page = try APIJSON.decode(PolicyRequestListResponse.self, from: Data(response.body))
            for row in page.data { counts[row.justification ?? "", default: 0] += 1 }
            cursor = page.nextCursor
        } while cursor != nil
        return counts
    }

    // MARK: - The table

    static func row(_ fault: Fault, _ calls: [FaultLoad.Call], from start: ContinuousClock.Instant, to end: ContinuousClock.Instant, recovery: Duration) -> Row {
        let window = calls.filter { $0.sent >= start && $0.sent <= end }
        let idempotentFailures = window.filter { $0.idempotent && !$0.succeeded }
        let creations = window.filter { !$0.idempotent }
        let latencies = window.map { Double($0.duration.components.seconds) * 1000 + Double($0.duration.components.attoseconds) / 1e15 }.sorted()
        let p99 = latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int((Double(latencies.count) * 0.99).rounded(.up)) - 1)]
        var failures: [String: Int] = [:]
        for call in idempotentFailures { failures["\(call.kind.rawValue) \(call.status.map(String.init) ?? "no answer")", default: 0] += 1 }
        return Row(
            fault: fault, sent: window.count, failedIdempotent: idempotentFailures.count, creations: creations.count,
            creationsFailed: creations.filter { !$0.succeeded }.count, p99: p99, recovery: recovery, failures: failures)
    }

    static func printTable(_ rows: [Row]) {
        print("fault suite: 2 gateways, 2 auth, 3 credentials, 2 requests, 3 caches; 4 client connections; each fault \(Int(faultSeconds)) s")
        print("fault                                  sent  failed(idem)  creations(failed)   p99 ms  recovery s  failures")
        for row in rows {
            let recovery = Double(row.recovery.components.seconds) + Double(row.recovery.components.attoseconds) / 1e18
            print(row.fault.description.padding(toLength: 36, withPad: " ", startingAt: 0) + String(
                format: " %6d %13d %10d (%4d) %9.1f %11.1f  ", row.sent, row.failedIdempotent, row.creations, row.creationsFailed,
                row.p99, recovery) + row.failures.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
        }
    }
}
