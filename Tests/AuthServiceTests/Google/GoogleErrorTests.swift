import AuthService
import PorticoConfig
import PorticoHTTP
import PorticoTestSupport
import Testing

@Suite("Google failures surface as typed errors without secrets")
struct GoogleErrorTests {
    private static let memberships = ["alice@example.com": ["eng@example.com"]]

    /// Asserts that nothing secret is in `text`: no issued token, no part of the private key,
    /// no assertion.
    private func expectNoSecrets(in text: String, fixture: AuthFixture) {
        for token in fixture.google.issuedTokens { #expect(!text.contains(token)) }
        #expect(!text.contains("ya29."))
        #expect(!text.contains("PRIVATE KEY"))
        #expect(!text.contains("eyJ"), "looks like a JWT segment")
        let keyBody = TestServiceAccount.privateKeyPEM.split(separator: "\n").dropFirst().prefix(3)
        for line in keyBody { #expect(!text.contains(line)) }
    }

    @Test("Directory refusals carry Google's status and message", arguments: [
        (403, #"{"error":{"code":403,"message":"Not Authorized to access this resource/api","errors":[{"reason":"forbidden"}]}}"#,
         "Not Authorized to access this resource/api"),
        (500, #"{"error":{"code":500,"message":"Backend Error"}}"#, "Backend Error"),
        (503, "<html>Service Unavailable</html>", "<html>Service Unavailable</html>"),
    ])
    func directoryRefusal(status: Int, body: String, message: String) async throws {
        try await AuthFixture.with(memberships: Self.memberships) { fixture in
            fixture.google.withState { $0.directoryFailure = .init(status: status, body: body) }
            let error = await fixture.resolutionError("alice@example.com")
            #expect(error == .directory(.rejected(endpoint: .directory, status: status, message: message)))
            #expect(error.flatMap { if case .directory(let google) = $0 { google.status } else { nil } } == status)
            let described = "\(String(describing: error)) \(fixture.logs.lines.joined(separator: "\n"))"
            #expect(described.contains("HTTP \(status)"))
            expectNoSecrets(in: described, fixture: fixture)
        }
    }

    @Test("a Directory message echoing the bearer token is redacted")
    func echoedTokenRedacted() async throws {
        try await AuthFixture.with(memberships: Self.memberships) { fixture in
            _ = try await fixture.resolve("alice@example.com")
            let token = try #require(fixture.google.issuedTokens.first)
            fixture.google.withState {
                $0.directoryFailure = .init(status: 403, body: #"{"error":{"code":403,"message":"token \#(token) lacks scope"}}"#)
            }
            let refreshed = await fixture.resolutionError("alice@example.com", refresh: true)
            #expect(refreshed == .directory(.rejected(endpoint: .directory, status: 403, message: "token <redacted> lacks scope")))
            expectNoSecrets(in: "\(String(describing: refreshed)) \(fixture.logs.lines)", fixture: fixture)
        }
    }

    @Test("a refused assertion carries the token endpoint's status and OAuth error")
    func tokenRefusal() async throws {
        try await AuthFixture.with(memberships: Self.memberships) { fixture in
            fixture.google.withState {
                $0.tokenFailure = .init(
                    status: 401, body: #"{"error":"unauthorized_client","error_description":"Client is unauthorized to retrieve access tokens using this method."}"#)
            }
            let error = await fixture.resolutionError("alice@example.com")
            #expect(error == .directory(.rejected(
                endpoint: .token, status: 401,
                message: "unauthorized_client: Client is unauthorized to retrieve access tokens using this method.")))
            #expect(fixture.google.directoryRequests == 0)
            expectNoSecrets(in: "\(String(describing: error)) \(fixture.logs.lines)", fixture: fixture)
        }
    }

    @Test("after a failed exchange the next lookup tries again")
    func recoversAfterTokenFailure() async throws {
        try await AuthFixture.with(memberships: Self.memberships) { fixture in
            fixture.google.withState { $0.tokenFailure = .init(status: 500, body: #"{"error":"internal_failure"}"#) }
            #expect(await fixture.resolutionError("alice@example.com") != nil)
            fixture.google.withState { $0.tokenFailure = nil }
            let resolved = try await fixture.resolve("alice@example.com")
            #expect(resolved.groups == ["eng@example.com"])
            #expect(fixture.google.tokenRequests == 2)
        }
    }

    @Test("an unreachable Google is a typed error naming the endpoint")
    func unreachable() async throws {
        let logs = LogRecorder()
        let http = HTTPClient(logger: logs.logger)
        var configuration = PorticoConfiguration()
        configuration.environment = .dev // the Google stand-in is plain http on loopback
        configuration.google.enabled = true
        configuration.google.serviceKeyFile = try TestServiceAccount.writeKeyFile()
        configuration.google.credentialSubject = TestServiceAccount.subject
        let closed = try ClosedPort()
        defer { closed.close() }
        configuration.google.tokenURL = "http://127.0.0.1:\(closed.port)/token"
        configuration.google.directoryURL = "http://127.0.0.1:\(closed.port)/admin/directory/v1"
        let service = try AuthService(configuration: configuration, httpClient: http, redis: nil, logger: logs.logger)
        let error: GroupResolutionError?
        do {
            _ = try await service.resolver.resolve(GroupRequest(user: "alice@example.com"))
            error = nil
        } catch let failure {
            error = failure
        }
        await http.shutdown()
        guard case .directory(.unreachable(let endpoint, let reason))? = error else {
            Issue.record("expected an unreachable error, got \(String(describing: error))")
            return
        }
        #expect(endpoint == .token)
        #expect(reason.contains("could not connect"))
    }
}
