import PorticoConfig
import PorticoAPI
import PorticoHTTP
import Testing

/// A backend that cannot be reached makes its routes answer `503` with a JSON error that
/// names the service and nothing of the deployment (no address, no stack trace).
@Suite struct BackendOutageTests {
    private func withGateway(
        authDown: Bool = false, _ body: (RunningGateway, ALBTokenFactory) async throws -> Void
    ) async throws {
        try await RunningGateway.withALBKeys(
            configure: { if authDown { $0.services.auth = [TestConfiguration.nowhere] } }, body)
    }

    private func expectUnavailable(_ response: HTTPClient.Response, naming service: String) {
        #expect(response.status == 503)
        #expect((try? response.apiError().code) == "503")
        #expect(response.message.contains(service), "\(response.message)")
        #expect(!response.bodyText.contains("127.0.0.1"))
    }

    @Test func withoutAuthServiceTheProfileAndRolesAre503() async throws {
        try await withGateway(authDown: true) { gateway, factory in
            let token = try factory.token()
            for path in ["/api/v2/user_profile", "/api/v1/get_roles"] {
                let response = try await gateway.request(path, headers: [("x-amzn-oidc-data", token)])
                expectUnavailable(response, naming: "authorization service")
            }
            #expect(try await gateway.metric(
                #"portico_gateway_requests_total{route="user_profile",outcome="unavailable"}"#) == 1)
        }
    }

    @Test func withoutTheCacheTheRolesAre503() async throws {
        try await withGateway { gateway, factory in
            let alice = try await SignedInUser.signIn("alice@example.com", factory: factory, at: gateway)
            for path in ["/api/v1/get_roles", "/api/v2/get_roles?all=true"] {
                expectUnavailable(try await gateway.request(path, headers: [alice.bearerHeader]), naming: "inventory cache")
            }
        }
    }

    @Test func withoutTheCredentialServiceCredentialsAndSignInsAre503() async throws {
        try await withGateway { gateway, factory in
            let alice = try await SignedInUser.signIn("alice@example.com", factory: factory, at: gateway)
            let credentials = try await gateway.request(
                "POST", "/api/v1/get_credentials", headers: [alice.bearerHeader], body: #"{"requested_role": "prod"}"#)
            expectUnavailable(credentials, naming: "credential service")
            for path in ["/api/v2/role_login/prod", "/role/prod"] {
                expectUnavailable(try await gateway.request(path, headers: [alice.bearerHeader]), naming: "credential service")
            }
        }
    }
}
