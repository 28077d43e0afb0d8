import Foundation
import Logging
import PorticoAPI
import PorticoHTTP

/// The gateway's REST API as `portico` calls it (over libcurl, through PorticoHTTP): errors
/// become `CLIError`s with ConsoleMe's codes, and `--debug` logs each call's method, path and
/// status to standard error, never a token or a body.
final class GatewayClient: Sendable {
    let url: String
    let debug: Bool
    private let http: HTTPClient

    init(url: String, debug: Bool) {
        self.url = url
        self.debug = debug
        let logger = Logger(label: "portico.cli") { _ in SwiftLogNoOpLogHandler() }
        http = HTTPClient(
            configuration: .init(connectTimeout: .seconds(5), requestTimeout: .seconds(30), userAgent: "portico-cli/\(PorticoCommand.version)"),
            logger: logger)
    }

    func shutdown() async { await http.shutdown() }

    /// `method path-or-URL`, with the session's bearer token when given one.
    func send(_ method: String, _ path: String, token: String?, json: (any Encodable)? = nil) async throws(CLIError)
        -> HTTPClient.Response
    {
        var headers = HTTPClient.Headers()
        headers.add(name: "Accept", value: "application/json")
        if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        var body: [UInt8] = []
        if let json {
            headers.add(name: "Content-Type", value: "application/json")
            do {
                body = Array(try APIJSON.encode(json))
            } catch {
                throw .usage("cannot encode the request: \(error)")
            }
        }
        let target = path.hasPrefix("http://") || path.hasPrefix("https://") ? path : url + path
        let started = ContinuousClock.now
        let response: HTTPClient.Response
        do {
            response = try await http.execute(HTTPClient.Request(method: method, url: target, headers: headers, body: body))
        } catch let error as HTTPClientError {
            throw .unreachable("cannot reach the gateway at \(url): \(error)")
        } catch {
            throw .unreachable("cannot reach the gateway at \(url): \(error)")
        }
        if debug {
            let path = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? target
            Terminal.note("debug: \(method) \(path) → \(response.status) in \(ContinuousClock.now - started)")
        }
        return response
    }

    /// The body as `type` when the status is 2xx; otherwise the gateway's error as a `CLIError`.
    func decode<Value: Decodable>(_ type: Value.Type, _ response: HTTPClient.Response) throws(CLIError) -> Value {
        guard response.isSuccess else { throw failure(response) }
        do {
            return try APIJSON.decode(type, from: Data(response.body))
        } catch {
            throw .unreachable("the gateway at \(url) answered something that is not its API (\(Value.self)): \(error)")
        }
    }

    /// The error a non-2xx answer stands for.
    func failure(_ response: HTTPClient.Response) -> CLIError {
        let body = try? APIJSON.decode(APIErrorBody.self, from: Data(response.body))
        if response.status == 401 {
            return .notSignedIn("the gateway no longer accepts your session (\(body?.message ?? "401")): run `portico login`")
        }
        if let body {
            return .refused(code: body.code, message: body.message, matchingRoles: body.matchingRoles ?? [])
        }
        let excerpt = String(response.bodyText.prefix(200))
        return .unreachable("unexpected HTTP status \(response.status) from the gateway at \(url): \(excerpt)")
    }

    // MARK: The calls

    func credentials(role: String, noIPRestrictions: Bool, token: String) async throws(CLIError) -> CredentialsResponse.Credentials {
        let response = try await send(
            "POST", APIPaths.getCredentials, token: token,
            json: CredentialRequest(requestedRole: role, noIPRestrictions: noIPRestrictions ? true : nil))
        return try decode(CredentialsResponse.self, response).credentials
    }

    func roles(token: String) async throws(CLIError) -> [RoleListResponse.Role] {
        let response = try await send("GET", APIPaths.getRolesV2 + "?all=true", token: token)
        return try decode(RoleListResponse.self, response).data.roles
    }

    func userProfile(token: String) async throws(CLIError) -> UserProfile {
        try decode(UserProfile.self, try await send("GET", APIPaths.userProfile, token: token))
    }
}
