import Foundation
import PorticoAPI
public import PorticoHTTP
import PorticoTestSupport
import Testing

/// Calls the gateway over HTTP as its users do: a browser signed in through the development
/// sign-in (which validates an ALB-format token on the real path) holding the session cookie and
/// CSRF token, or the CLI holding the bearer session it got through the challenge login.
public struct GatewayCaller: Sendable {
    /// How a call proves who makes it.
    public enum Credential: Sendable {
        case none
        /// The browser's session cookie (`name=value`) and the session's CSRF token.
        case browser(cookie: String, csrfToken: String)
        /// The CLI's session JWT.
        case bearer(String)
    }

    /// The gateway's base URL (`http://host:port`): paths are relative to it.
    public let gatewayURL: String
    public let http: HTTPClient

    public init(portico: RunningPortico) { self.init(gatewayURL: portico.gatewayURL, http: portico.http) }

    /// A caller of the gateway at `gatewayURL` (one replica of a topology, say).
    public init(gatewayURL: String, http: HTTPClient) {
        self.gatewayURL = gatewayURL
        self.http = http
    }

    /// `method path` (or full URL) with `credential`, and a JSON body (in the gateway's wire
    /// format) when given one; redirects are not followed.
    public func call(_ path: String, method: String = "GET", as credential: Credential = .none, json: (any Encodable)? = nil) async throws
        -> HTTPClient.Response
    {
        var headers = HTTPClient.Headers()
        switch credential {
        case .none: break
        case .browser(let cookie, let csrfToken):
            headers.add(name: "Cookie", value: cookie)
            headers.add(name: "X-CSRF-Token", value: csrfToken)
        case .bearer(let token):
            headers.add(name: "Authorization", value: "Bearer \(token)")
        }
        var body: [UInt8] = []
        if let json {
            headers.add(name: "Content-Type", value: "application/json")
            body = Array(try APIJSON.encode(json))
        }
        let url = path.hasPrefix("http") ? path : gatewayURL + path
        return try await http.execute(HTTPClient.Request(method: method, url: url, headers: headers, body: body))
    }

    /// The response's body as one of the REST contract's types (the test fails naming the body
    /// when it is not one).
    public static func decoded<Value: Decodable>(_ type: Value.Type, _ response: HTTPClient.Response) throws -> Value {
        do {
            return try APIJSON.decode(type, from: Data(response.body))
        } catch {
            Issue.record("not a \(Value.self): \(error); the body: \(response.bodyText)")
            throw error
        }
    }

    // MARK: Signing in

    /// Signs `email` in through the development sign-in and reads the session's CSRF token.
    public func signInBrowser(_ email: String) async throws -> Credential {
        let form = "email=" + (email.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? email)
        let response = try await http.execute(HTTPClient.Request(
            method: "POST", url: gatewayURL + "/noauth/dev/login",
            headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array(form.utf8)))
        #expect(response.status == 303, "dev sign-in: \(response.status) \(response.bodyText)")
        let setCookie = try #require(response.headers["Set-Cookie"], "the dev sign-in set no session cookie")
        let cookie = String(setCookie.prefix { $0 != ";" })
        let profile = try await call("/api/v2/user_profile", as: .browser(cookie: cookie, csrfToken: ""))
        #expect(profile.status == 200)
        let csrf = try Self.decoded(UserProfile.self, profile).csrfToken
        return .browser(cookie: cookie, csrfToken: csrf)
    }

    /// A CLI login challenge opened for `user`: the URL to approve it at, and the URL to poll.
    public struct Challenge: Sendable {
        public let approvalURL: String
        public let pollingURL: String
    }

    /// Opens a CLI login challenge, as `portico login` does.
    public func openChallenge(for user: String) async throws -> Challenge {
        let response = try await call("/noauth/v1/challenge_generator/\(user)")
        #expect(response.status == 200)
        let body = try Self.decoded(ChallengeGenerated.self, response)
        return Challenge(approvalURL: body.challengeURL, pollingURL: body.pollingURL)
    }

    /// The CLI's whole login: open a challenge, have `email`'s signed-in browser approve it, poll
    /// once for the session.
    public func signInCLI(_ email: String) async throws -> Credential {
        let challenge = try await openChallenge(for: email)
        let approval = try await call(challenge.approvalURL, method: "POST", as: try await signInBrowser(email))
        #expect(approval.status == 200, "approval: \(approval.bodyText)")
        let poll = try Self.decoded(ChallengePollResponse.self, try await call(challenge.pollingURL))
        #expect(poll.status == ChallengePollResponse.success)
        return .bearer(try #require(poll.encodedJWT))
    }
}
