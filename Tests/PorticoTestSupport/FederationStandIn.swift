import Foundation
public import Logging
import PorticoAWS
public import PorticoHTTP
import Synchronization

/// A loopback stand-in for AWS's sign-in federation endpoint (`aws.federation_url`), which we
/// cannot run. `Action=getSigninToken` checks the `Session` JSON the way AWS would: it must hold
/// `sessionId`, `sessionKey` and `sessionToken`, and those credentials must work (it asks moto's
/// GetCallerIdentity with them); it then answers a fresh token and remembers whom it was for.
public final class FederationStandIn: Sendable {
    /// A token handed out, and the identity and session duration it was handed out for.
    public struct Grant: Sendable {
        public let token: String
        public let arn: String
        public let sessionDuration: String?
    }

    /// What the handler and the tests share.
    private final class Ledger: Sendable {
        let grants = Mutex<[Grant]>([])
    }

    private let ledger: Ledger
    public let server: LoopbackHTTPServer

    private init(ledger: Ledger, server: LoopbackHTTPServer) {
        self.ledger = ledger
        self.server = server
    }

    /// What `aws.federation_url` is set to.
    public var url: String { server.baseURL + "/federation" }

    /// Every token handed out so far, oldest first.
    public var grants: [Grant] { ledger.grants.withLock { $0 } }

    /// Starts the stand-in; it checks credentials against moto at `motoEndpoint`.
    public static func start(motoEndpoint: String, http: HTTPClient, logger: Logger) async throws -> FederationStandIn {
        let ledger = Ledger()
        let server = try await LoopbackHTTPServer.start { request in
            await answer(request, ledger: ledger, motoEndpoint: motoEndpoint, http: http, logger: logger)
        }
        return FederationStandIn(ledger: ledger, server: server)
    }

    public func stop() async { await server.shutdown() }

    private static func answer(
        _ request: LoopbackHTTPServer.Request, ledger: Ledger, motoEndpoint: String, http: HTTPClient, logger: Logger
    ) async -> LoopbackHTTPServer.Response {
        guard request.method == "GET", request.path == "/federation",
              request.queryValue("Action") == "getSigninToken",
              let session = request.queryValue("Session"),
              let fields = try? JSONSerialization.jsonObject(with: Data(session.utf8)) as? [String: String],
              let id = fields["sessionId"], let key = fields["sessionKey"], let token = fields["sessionToken"],
              fields.count == 3
        else { return .text("bad getSigninToken request", status: 400) }
        let credentials = AWSCredentials(accessKeyID: id, secretAccessKey: key, sessionToken: token)
        let sts = SeededMoto.sts(endpoint: motoEndpoint, signingWith: credentials, http: http, logger: logger)
        guard let identity = try? await sts.getCallerIdentity() else { return .text("credentials do not work", status: 400) }
        let grant = Grant(
            token: "signin-\(UUID().uuidString)", arn: identity.arn, sessionDuration: request.queryValue("SessionDuration"))
        ledger.grants.withLock { $0.append(grant) }
        return .json(#"{"SigninToken":"\#(grant.token)"}"#)
    }
}
