import Logging
import PorticoHTTP
import PorticoTestSupport
import Synchronization

/// A loopback HTTP server in front of moto that forwards every AWS call and counts it, and can
/// refuse `AssumeRole` into chosen accounts (as AWS does when the spoke role does not trust the
/// hub). The cache is pointed at it; seeding and DynamoDB go to moto directly, so the count is
/// exactly the cache's AWS calls.
final class MotoProxy: Sendable {
    let server: LoopbackHTTPServer
    private let state: ProxyState

    /// What the handler and the test share.
    private final class ProxyState: Sendable {
        struct Counters {
            var calls = 0
            var deniedAccounts: Set<String> = []
        }

        let counters = Mutex(Counters())
    }

    var endpoint: String { server.baseURL }

    /// AWS calls forwarded (or refused) so far.
    var calls: Int { state.counters.withLock { $0.calls } }

    func deny(account: String) { state.counters.withLock { _ = $0.deniedAccounts.insert(account) } }

    private init(server: LoopbackHTTPServer, state: ProxyState) {
        self.server = server
        self.state = state
    }

    static func start(forwardingTo moto: MotoEstate) async throws -> MotoProxy {
        let state = ProxyState()
        let http = moto.http
        let target = moto.moto.endpoint
        let server = try await LoopbackHTTPServer.start { request in
            let denied = state.counters.withLock { state -> Bool in
                state.calls += 1
                guard request.bodyText.contains("Action=AssumeRole") else { return false }
                return state.deniedAccounts.contains { request.bodyText.contains($0) }
            }
            if denied {
                return .text(
                    "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not trusted</Message></Error></ErrorResponse>",
                    status: 403, headers: [(name: "Content-Type", value: "text/xml")])
            }
            var headers = HTTPClient.Headers()
            for (name, value) in request.headers where !["host", "content-length", "connection"].contains(name.lowercased()) {
                headers.add(name: name, value: value)
            }
            let url = target + request.path + (request.query.map { "?" + $0 } ?? "")
            do {
                let response = try await http.execute(HTTPClient.Request(
                    method: request.method, url: url, headers: headers, body: request.body, timeout: .seconds(60)))
                let forwarded = response.headers.filter {
                    !["content-length", "transfer-encoding", "connection"].contains($0.name.lowercased())
                }.map { (name: $0.name, value: $0.value) }
                return LoopbackHTTPServer.Response(status: response.status, headers: forwarded, body: response.body)
            } catch {
                return .text("proxy could not reach moto: \(error)", status: 502)
            }
        }
        return MotoProxy(server: server, state: state)
    }

    func stop() async { await server.shutdown() }
}
