import PorticoAPI
import PorticoHTTP
import Testing

/// A console sign-in whose role (in the path), region (`r`) or `redirect` holds a control
/// character is refused with `400` and ConsoleMe's `904` naming which, before any backend is
/// asked (the credential service is down in these tests: a well-formed request would be a 503).
@Suite struct ConsoleLoginValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let query: String
        let complaint: String
        var testDescription: String { complaint + " (\(query))" }
    }

    static let cases: [Case] = [
        Case(query: "prod%00", complaint: "the role in the path must not contain control characters"),
        Case(query: "pr%0Aod", complaint: "the role in the path must not contain control characters"),
        Case(query: "prod?r=us-east-1%00", complaint: "r must not contain control characters"),
        Case(
            query: "prod?redirect=https%3A%2F%2Fconsole.aws.amazon.com%2F%00", complaint: "redirect must not contain control characters"),
    ]

    @Test(arguments: cases)
    func aControlCharacterIsRefusedWith904NamingWhere(_ badCase: Case) async throws {
        try await RunningGateway.withALBKeys { gateway, factory in
            let alice = try await SignedInUser.signIn("alice@example.com", factory: factory, at: gateway)
            for prefix in ["/api/v2/role_login/", "/role/"] {
                let response = try await gateway.request(prefix + badCase.query, headers: [alice.bearerHeader])
                #expect(response.status == 400, "\(prefix)")
                let error = try response.apiError()
                #expect(error.code == APIErrorBody.Code.malformedRequest)
                #expect(error.message.contains(badCase.complaint), "\(error.message)")
            }
        }
    }

    @Test func aWellFormedSignInGoesOnToTheCredentialService() async throws {
        try await RunningGateway.withALBKeys { gateway, factory in
            let alice = try await SignedInUser.signIn("alice@example.com", factory: factory, at: gateway)
            let response = try await gateway.request("/role/prod?r=eu-west-1", headers: [alice.bearerHeader])
            #expect(response.status == 503)
        }
    }
}
