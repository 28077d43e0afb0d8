public import PorticoHTTP
import Synchronization

/// A loopback HTTP proxy in front of moto, set as `aws.endpoint_url` so tests see what Portico
/// sends to AWS. It passes every request through unchanged (the Host header included, so SigV4
/// signatures still verify), counts the calls, keeps the form parameters of every STS
/// `AssumeRole` (moto neither enforces session policies nor keeps `SourceIdentity` or
/// `DurationSeconds`), can refuse `AssumeRole` into chosen accounts, as AWS does when a
/// spoke role does not trust the hub, and can stand for AWS being away altogether (`outage`).
public final class MotoProxy: Sendable {
    public let server: LoopbackHTTPServer
    private let ledger: Ledger

    /// What the handler and the tests share.
    private final class Ledger: Sendable {
        struct State {
            var calls = 0
            var deniedAccounts: Set<String> = []
            var outage = false
            var assumeRoles: [[String: String]] = []
        }

        let state = Mutex(State())
    }

    /// Hop-by-hop and framing headers the proxy sets itself on each leg.
    private static let dropped: Set<String> = ["connection", "keep-alive", "transfer-encoding", "content-length", "expect"]

    /// `http://127.0.0.1:<port>`: what `aws.endpoint_url` is set to.
    public var endpoint: String { server.baseURL }

    /// AWS calls forwarded (or refused) so far.
    public var calls: Int { ledger.state.withLock { $0.calls } }

    /// The form parameters of every STS AssumeRole sent so far, oldest first.
    public var assumeRoleCalls: [[String: String]] { ledger.state.withLock { $0.assumeRoles } }

    /// The AssumeRole calls that named the session `sessionName`.
    public func assumeRoleCalls(sessionName: String) -> [[String: String]] {
        assumeRoleCalls.filter { $0["RoleSessionName"] == sessionName }
    }

    /// While true, every call is answered 503 `ServiceUnavailable` without reaching moto: the AWS
    /// side away (moto itself keeps its state, which a real restart of moto would lose).
    public var outage: Bool {
        get { ledger.state.withLock { $0.outage } }
        set { ledger.state.withLock { $0.outage = newValue } }
    }

    /// Refuses AssumeRole into `account` from now on (403 AccessDenied).
    public func deny(account: String) { ledger.state.withLock { _ = $0.deniedAccounts.insert(account) } }

    private init(server: LoopbackHTTPServer, ledger: Ledger) {
        self.server = server
        self.ledger = ledger
    }

    /// Starts the proxy forwarding to `upstream` (moto's endpoint) through `http`.
    public static func start(forwardingTo upstream: String, http: HTTPClient) async throws -> MotoProxy {
        let ledger = Ledger()
        let server = try await LoopbackHTTPServer.start { request in
            let form = request.method == "POST" ? FormFields.parse(request.bodyText) : [:]
            let isAssumeRole = form["Action"] == "AssumeRole"
            let (denied, away) = ledger.state.withLock { state -> (Bool, Bool) in
                state.calls += 1
                if state.outage { return (false, true) }
                guard isAssumeRole else { return (false, false) }
                state.assumeRoles.append(form)
                return (state.deniedAccounts.contains { form["RoleArn"]?.contains(":\($0):") == true }, false)
            }
            if away {
                return .text(
                    "<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>AWS is away</Message></Error></ErrorResponse>",
                    status: 503, headers: [(name: "Content-Type", value: "text/xml")])
            }
            if denied {
                return .text(
                    "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not trusted</Message></Error></ErrorResponse>",
                    status: 403, headers: [(name: "Content-Type", value: "text/xml")])
            }
            var headers = HTTPClient.Headers()
            for (name, value) in request.headers where !dropped.contains(name.lowercased()) {
                headers.add(name: name, value: value)
            }
            let url = upstream + request.path + (request.query.map { "?" + $0 } ?? "")
            do {
                let answer = try await http.execute(HTTPClient.Request(
                    method: request.method, url: url, headers: headers, body: request.body, timeout: .seconds(60)))
                let forwarded = answer.headers.filter { !dropped.contains($0.name.lowercased()) }.map { (name: $0.name, value: $0.value) }
                return LoopbackHTTPServer.Response(status: answer.status, headers: forwarded, body: answer.body)
            } catch {
                return .text("proxy could not reach moto: \(error)", status: 502)
            }
        }
        return MotoProxy(server: server, ledger: ledger)
    }

    public func stop() async { await server.shutdown() }
}
