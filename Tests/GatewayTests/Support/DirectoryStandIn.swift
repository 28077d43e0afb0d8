import Foundation
import PorticoTestSupport
import Synchronization

/// A loopback stand-in for Google's token endpoint and Directory `groups.list`, just enough for
/// a real AuthServer to resolve directory groups through it: `POST /token` hands out an access
/// token for any assertion (AuthService's own tests check assertions strictly), and
/// `GET /admin/directory/v1/groups?userKey=` answers the user's groups as the test set them.
/// A service key file for it is written with a fresh RSA key (`openssl genpkey`).
final class DirectoryStandIn: Sendable {
    let server: LoopbackHTTPServer
    private let memberships: Mutex<[String: [String]]>
    private let lookups = Mutex(0)

    var tokenURL: String { server.baseURL + "/token" }
    var directoryURL: String { server.baseURL + "/admin/directory/v1" }
    /// How many `groups.list` calls were answered.
    var directoryLookups: Int { lookups.withLock { $0 } }

    private init(server: LoopbackHTTPServer, memberships: [String: [String]]) {
        self.server = server
        self.memberships = Mutex(memberships)
    }

    static func start(memberships initial: [String: [String]]) async throws -> DirectoryStandIn {
        let holder = Holder()
        let server = try await LoopbackHTTPServer.start { request in
            guard let standIn = holder.standIn.withLock({ $0 }) else { return .text("not ready", status: 503) }
            return standIn.handle(request)
        }
        let standIn = DirectoryStandIn(server: server, memberships: initial)
        holder.standIn.withLock { $0 = standIn }
        return standIn
    }

    /// Changes whom the directory says `user` belongs to.
    func setGroups(_ groups: [String], of user: String) {
        memberships.withLock { $0[user] = groups }
    }

    func shutdown() async { await server.shutdown() }

    private func handle(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        switch (request.method, request.path) {
        case ("POST", "/token"):
            return .json(#"{"access_token":"ya29.directory-stand-in","expires_in":3600,"token_type":"Bearer"}"#)
        case ("GET", "/admin/directory/v1/groups"):
            let user = request.queryValue("userKey") ?? ""
            let groups = memberships.withLock { $0[user] ?? [] }
            lookups.withLock { $0 += 1 }
            let object: [String: Any] = ["kind": "admin#directory#groups", "groups": groups.map { ["email": $0, "id": "id-\($0)"] }]
            let body = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
            return LoopbackHTTPServer.Response(status: 200, headers: [(name: "Content-Type", value: "application/json")], body: Array(body))
        default:
            return .json(#"{"error":{"code":404,"message":"Not Found"}}"#, status: 404)
        }
    }

    /// Writes a Google service account key file (JSON, a fresh 2048-bit RSA key) and returns its path.
    static func writeServiceKeyFile() async throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("portico-gateway-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let pemPath = directory.appendingPathComponent("key.pem").path
        let made = try await ProcessRun.run(
            "/usr/bin/env", ["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", pemPath])
        guard made.status == 0 else { throw KeyNotMade(output: made.output) }
        let pem = try String(contentsOfFile: pemPath, encoding: .utf8)
        let object: [String: String] = [
            "type": "service_account", "project_id": "portico-test", "private_key_id": "gateway-tests-key",
            "private_key": pem, "client_email": "directory@portico-test.iam.gserviceaccount.com",
            "token_uri": "https://oauth2.googleapis.com/token",
        ]
        let keyPath = directory.appendingPathComponent("service-key.json").path
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: keyPath))
        return keyPath
    }

    struct KeyNotMade: Error { let output: String }

    private final class Holder: Sendable {
        let standIn = Mutex<DirectoryStandIn?>(nil)
    }
}
