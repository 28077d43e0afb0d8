import Foundation
import PorticoTestSupport
import Synchronization

/// A loopback stand-in for AWS's sign-in federation endpoint (`aws.federation_url`), which we
/// cannot run: `Action=getSigninToken` with a `Session` JSON holding `sessionId`, `sessionKey`
/// and `sessionToken` answers a fresh sign-in token, remembering which access key it was for.
final class FederationStandIn: Sendable {
    /// A token handed out and the access key id of the session it signs in to.
    struct Grant: Sendable {
        let token: String
        let accessKeyID: String
    }

    /// What the handler and the tests share.
    private final class Ledger: Sendable {
        let grants = Mutex<[Grant]>([])
    }

    private let ledger: Ledger
    let server: LoopbackHTTPServer

    private init(ledger: Ledger, server: LoopbackHTTPServer) {
        self.ledger = ledger
        self.server = server
    }

    var url: String { server.baseURL + "/federation" }
    var grants: [Grant] { ledger.grants.withLock { $0 } }

    static func start() async throws -> FederationStandIn {
        let ledger = Ledger()
        let server = try await LoopbackHTTPServer.start { request in
            guard request.method == "GET", request.path == "/federation", request.queryValue("Action") == "getSigninToken",
                  let session = request.queryValue("Session"),
                  let fields = try? JSONSerialization.jsonObject(with: Data(session.utf8)) as? [String: String],
                  let id = fields["sessionId"], fields["sessionKey"] != nil, fields["sessionToken"] != nil
            else { return .text("bad getSigninToken request", status: 400) }
            let grant = Grant(token: "signin-\(UUID().uuidString)", accessKeyID: id)
            ledger.grants.withLock { $0.append(grant) }
            return .json(#"{"SigninToken":"\#(grant.token)"}"#)
        }
        return FederationStandIn(ledger: ledger, server: server)
    }

    func stop() async { await server.shutdown() }
}
