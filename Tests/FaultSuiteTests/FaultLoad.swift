import Foundation
import PorticoHTTP
import PorticoStackSupport
import Synchronization

/// The steady load of the fault suite: several client connections, each calling in turn
/// `GET /api/v1/get_roles`, `POST /api/v1/get_credentials` and `GET /api/v2/requests/{id}`
/// (idempotent: a call that cannot reach one gateway is sent to the next, as a load balancer
/// does), and now and then `POST /api/v2/request` (not idempotent: sent once, never retried).
/// Every call is recorded with when it was sent, how long it took and how it ended, so each
/// fault's window can be read off afterwards.
final class FaultLoad: Sendable {
    /// One finished call.
    struct Call: Sendable {
        enum Kind: String, Sendable { case roles, credentials, requestRead, requestCreate }
        var kind: Kind
        var sent: ContinuousClock.Instant
        var duration: Duration
        /// The HTTP status, or nil when no gateway answered.
        var status: Int?
        /// For a creation: the justification that makes it findable afterwards.
        var marker: String?

        var idempotent: Bool { kind != .requestCreate }
        var succeeded: Bool { status == 200 }
    }

    let gateways: [String]
    let token: String
    let role: String
    let requestID: String
    let http: HTTPClient
    private let calls = Mutex<[Call]>([])
    private let running = Atomic<Bool>(true)

    init(gateways: [String], token: String, role: String, requestID: String, http: HTTPClient) {
        self.gateways = gateways
        self.token = token
        self.role = role
        self.requestID = requestID
        self.http = http
    }

    /// Every call recorded so far.
    var recorded: [Call] { calls.withLock { $0 } }

    /// Runs `connections` clients until `stop()`.
    func run(connections: Int, creationBody: @escaping @Sendable (String) -> String) async {
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<connections {
                group.addTask { await self.client(client, creationBody: creationBody) }
            }
        }
    }

    func stop() { running.store(false, ordering: .relaxed) }

    private func client(_ client: Int, creationBody: @Sendable (String) -> String) async {
        var turn = client
        while running.load(ordering: .relaxed) {
            turn += 1
            let kind: Call.Kind = switch turn % 10 {
            case 0: .requestCreate
            case 1, 4, 7: .roles
            case 2, 5, 8: .credentials
            default: .requestRead
            }
            let started = ContinuousClock.now
            var call = Call(kind: kind, sent: started, duration: .zero, status: nil)
            switch kind {
            case .roles:
                call.status = await idempotent(turn) { try await self.send("GET", $0 + "/api/v1/get_roles", body: nil) }
            case .credentials:
                let body = #"{"requested_role":"\#(role)"}"#
                call.status = await idempotent(turn) { try await self.send("POST", $0 + "/api/v1/get_credentials", body: body) }
            case .requestRead:
                call.status = await idempotent(turn) { try await self.send("GET", $0 + "/api/v2/requests/\(self.requestID)", body: nil) }
            case .requestCreate:
                let marker = "fault-suite client \(client) turn \(turn)"
                call.marker = marker
                call.status = try? await send("POST", gateways[turn % gateways.count] + "/api/v2/request", body: creationBody(marker))
            }
            call.duration = ContinuousClock.now - started
            calls.withLock { $0.append(call) }
        }
    }

    /// Sends to one gateway after another (starting with a different one per turn) until one
    /// answers; nil when none did.
    private func idempotent(_ turn: Int, _ attempt: (String) async throws -> Int) async -> Int? {
        for offset in 0..<gateways.count {
            if let status = try? await attempt(gateways[(turn + offset) % gateways.count]) { return status }
        }
        return nil
    }

    private func send(_ method: String, _ url: String, body: String?) async throws -> Int {
        var headers: HTTPClient.Headers = ["Authorization": "Bearer \(token)"]
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        let response = try await http.execute(HTTPClient.Request(
            method: method, url: url, headers: headers, body: Array((body ?? "").utf8), timeout: .seconds(15)))
        return response.status
    }
}
