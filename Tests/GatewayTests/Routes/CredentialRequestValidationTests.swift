import Foundation
import PorticoAPI
import PorticoHTTP
import Testing

/// A malformed `POST /api/v1/get_credentials` body is refused with `400` and ConsoleMe's code
/// `904`, naming what was wrong, before any backend is asked (the credential service is down
/// in these tests: a well-formed request would be a 503).
@Suite struct CredentialRequestValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let body: String
        let complaint: String
        var testDescription: String { complaint }
    }

    static let cases: [Case] = [
        Case(body: "", complaint: "the body is empty"),
        Case(body: "requested_role=prod", complaint: "the body is not valid JSON"),
        Case(body: #"{"requested_role": "prod""#, complaint: "the body is not valid JSON"),
        Case(body: #"["arn:aws:iam::111111111111:role/admin"]"#, complaint: "the body must be a JSON object"),
        Case(body: #""arn:aws:iam::111111111111:role/admin""#, complaint: "the body must be a JSON object"),
        Case(body: #"{}"#, complaint: "requested_role is required"),
        Case(body: #"{"requested_role": null}"#, complaint: "requested_role is required"),
        Case(body: #"{"requested_role": 111111111111}"#, complaint: "requested_role must be a string"),
        Case(body: #"{"requested_role": ["a", "b"]}"#, complaint: "requested_role must be a string"),
        Case(body: #"{"requested_role": "  "}"#, complaint: "requested_role must not be empty"),
        Case(body: #"{"requested_role": "\#(String(repeating: "a", count: 2049))"}"#, complaint: "requested_role is longer than 2048 bytes"),
        Case(body: #"{"requested_role": "prod\u0000"}"#, complaint: "requested_role must not contain control characters"),
        Case(body: #"{"requested_role": "pr\u001bod"}"#, complaint: "requested_role must not contain control characters"),
        Case(body: #"{"requested_role": "prod", "console_only": "yes"}"#, complaint: "console_only must be true or false"),
        Case(body: #"{"requested_role": "prod", "no_ip_restrictions": 1}"#, complaint: "no_ip_restrictions must be true or false"),
        Case(body: #"{"requested_role": "prod", "metadata": "weep"}"#, complaint: "metadata must be a JSON object"),
        Case(
            body: #"{"requested_role": "prod", "metadata": {"pad": "\#(String(repeating: "x", count: 70_000))"}}"#,
            complaint: "the body is larger than 65536 bytes"),
        Case(
            body: #"{"requested_role": "prod", "metadata": {"deep": \#(String(repeating: "[", count: 5000))\#(String(repeating: "]", count: 5000))}}"#,
            complaint: "the body is not valid JSON"),
    ]

    @Test(arguments: cases)
    func aMalformedBodyIsRefusedWith904NamingTheProblem(_ badCase: Case) async throws {
        try await RunningGateway.withALBKeys { gateway, factory in
            let response = try await postCredentialRequest(badCase.body, gateway: gateway, factory: factory)
            #expect(response.status == 400)
            #expect(try response.apiError().code == APIErrorBody.Code.malformedRequest)
            #expect(response.message.contains(badCase.complaint), "\(response.message)")
        }
    }

    @Test func aWellFormedBodyGoesOnToTheCredentialService() async throws {
        try await RunningGateway.withALBKeys { gateway, factory in
            let response = try await postCredentialRequest(
                #"{"requested_role": "prod", "console_only": false, "no_ip_restrictions": null, "metadata": {}}"#,
                gateway: gateway, factory: factory)
            #expect(response.status == 503)
        }
    }

    /// Signs alice in and posts `body` to `/api/v1/get_credentials` as her.
    private func postCredentialRequest(
        _ body: String, gateway: RunningGateway, factory: ALBTokenFactory
    ) async throws -> HTTPClient.Response {
        let alice = try await SignedInUser.signIn("alice@example.com", factory: factory, at: gateway)
        return try await gateway.request("POST", "/api/v1/get_credentials", headers: [alice.bearerHeader], body: body)
    }
}
