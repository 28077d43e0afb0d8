import PorticoHTTP
import PorticoTestSupport
import Testing

/// With `auth.alb.issuer` and `auth.alb.client_ids` set, only tokens the ALB signed for this
/// application (its identity provider, its OIDC client) are accepted: the same ALB's token for
/// another application is refused before any key fetch.
@Suite struct ALBTokenAudienceTests {
    private func withGateway(
        issuer: String?, clientIDs: [String], _ body: (RunningGateway, ALBTokenFactory, KeyServer) async throws -> Void
    ) async throws {
        let factory = try ALBTokenFactory()
        let keys = try await KeyServer.start(serving: factory.publicKeyPEM, kid: factory.kid)
        var configuration = TestConfiguration.production(keyServerURL: keys.urlTemplate)
        configuration.auth.alb.issuer = issuer
        configuration.auth.alb.clientIDs = clientIDs
        do {
            try await RunningGateway.with(configuration) { try await body($0, factory, keys) }
        } catch {
            await keys.stop()
            throw error
        }
        await keys.stop()
    }

    private func profile(_ gateway: RunningGateway, token: String) async throws -> HTTPClient.Response {
        try await gateway.request("/api/v2/user_profile", headers: [("x-amzn-oidc-data", token)])
    }

    @Test func aTokenForAnotherClientOfTheSameALBIsRefused() async throws {
        try await withGateway(issuer: "https://idp.example.com", clientIDs: ["portico"]) { gateway, factory, keys in
            var header = factory.header()
            header["client"] = .text("another-application")
            let response = try await profile(gateway, token: try factory.token(header: header))
            #expect(response.status == 401)
            #expect(response.message == "token claim 'client' is missing or invalid")
            #expect(keys.requestCount == 0)
        }
    }

    @Test func aTokenWithoutAClientIsRefusedWhenClientsAreConfigured() async throws {
        try await withGateway(issuer: nil, clientIDs: ["portico", "portico-staging"]) { gateway, factory, _ in
            var header = factory.header()
            header["client"] = nil
            let response = try await profile(gateway, token: try factory.token(header: header))
            #expect(response.status == 401)
            #expect(response.message == "token claim 'client' is missing or invalid")
        }
    }

    @Test func aTokenFromAnotherIssuerIsRefused() async throws {
        try await withGateway(issuer: "https://idp.example.com", clientIDs: []) { gateway, factory, _ in
            var header = factory.header()
            header["iss"] = .text("https://other-idp.example.com")
            let response = try await profile(gateway, token: try factory.token(header: header))
            #expect(response.status == 401)
            #expect(response.message == "token claim 'iss' is missing or invalid")
        }
    }

    @Test func aTokenForThisApplicationIsAccepted() async throws {
        try await withGateway(issuer: "https://idp.example.com", clientIDs: ["other", "portico"]) { gateway, factory, _ in
            let response = try await profile(gateway, token: try factory.token())
            #expect(response.status == 200)
            #expect(response.json["user"] as? String == "alice@example.com")
        }
    }

    @Test func withNothingConfiguredAnyIssuerAndClientAreAccepted() async throws {
        try await withGateway(issuer: nil, clientIDs: []) { gateway, factory, _ in
            var header = factory.header()
            header["client"] = .text("another-application")
            header["iss"] = .text("https://other-idp.example.com")
            let response = try await profile(gateway, token: try factory.token(header: header))
            #expect(response.status == 200)
        }
    }
}
