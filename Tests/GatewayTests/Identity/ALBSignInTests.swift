import Foundation
import PorticoTestSupport
import PorticoHTTP
import Testing

/// A genuine ALB token signs the user in: identity from its claims, a session cookie, and the
/// ALB's key fetched once however many first requests arrive together.
@Suite struct ALBSignInTests {
    @Test func aValidPaddedTokenSignsInWithIdentityFromItsClaims() async throws {
        let factory = try ALBTokenFactory()
        let keys = try await KeyServer.start(serving: factory.publicKeyPEM, kid: factory.kid)
        let token = try factory.token(padded: true)
        #expect(token.contains("="), "the ALB pads its base64url; the test token must too")
        try await RunningGateway.with(TestConfiguration.production(keyServerURL: keys.urlTemplate)) { gateway in
            let response = try await gateway.request("/api/v2/user_profile", headers: [("x-amzn-oidc-data", token)])
            #expect(response.status == 200)
            #expect(response.json["user"] as? String == "alice@example.com")
            #expect(response.json["groups"] as? [String] == ["engineering@example.com"])
            #expect(response.json["authenticated_by"] as? String == "alb")
            #expect(response.headers["Cache-Control"] == "no-store")
        }
        #expect(keys.requestCount == 1)
        #expect(keys.server.requests.first?.path == "/eu-west-1/\(factory.kid)")
        await keys.stop()
    }

    @Test func anUnpaddedTokenIsAcceptedToo() async throws {
        let factory = try ALBTokenFactory()
        let keys = try await KeyServer.start(serving: factory.publicKeyPEM, kid: factory.kid)
        try await RunningGateway.with(TestConfiguration.production(keyServerURL: keys.urlTemplate)) { gateway in
            let response = try await gateway.request(
                "/api/v2/user_profile", headers: [("x-amzn-oidc-data", try factory.token(padded: false))])
            #expect(response.status == 200)
        }
        await keys.stop()
    }

    @Test func groupsMayBeACommaSeparatedStringUnderAConfiguredClaim() async throws {
        let factory = try ALBTokenFactory()
        let keys = try await KeyServer.start(serving: factory.publicKeyPEM, kid: factory.kid)
        var configuration = TestConfiguration.production(keyServerURL: keys.urlTemplate)
        configuration.auth.alb.groupsClaim = "custom:groups"
        configuration.auth.alb.emailClaim = "upn"
        var payload = factory.payload()
        payload["upn"] = .text("bob@example.com")
        payload["custom:groups"] = .text("team-a@example.com, team-b@example.com")
        let token = try factory.token(payload: payload)
        try await RunningGateway.with(configuration) { gateway in
            let response = try await gateway.request("/api/v2/user_profile", headers: [("x-amzn-oidc-data", token)])
            #expect(response.json["user"] as? String == "bob@example.com")
            #expect(response.json["groups"] as? [String] == ["team-a@example.com", "team-b@example.com"])
        }
        await keys.stop()
    }

    @Test func aTokenWithoutTheEmailClaimIsRefused() async throws {
        let factory = try ALBTokenFactory()
        let keys = try await KeyServer.start(serving: factory.publicKeyPEM, kid: factory.kid)
        var payload = factory.payload()
        payload["email"] = nil
        try await RunningGateway.with(TestConfiguration.production(keyServerURL: keys.urlTemplate)) { gateway in
            let response = try await gateway.request(
                "/api/v2/user_profile", headers: [("x-amzn-oidc-data", try factory.token(payload: payload))])
            #expect(response.status == 401)
            #expect(response.message == "token claim 'email' is missing or invalid")
        }
        await keys.stop()
    }

    @Test func signingInSetsAHardenedSessionCookie() async throws {
        let factory = try ALBTokenFactory()
        let keys = try await KeyServer.start(serving: factory.publicKeyPEM, kid: factory.kid)
        var configuration = TestConfiguration.production(keyServerURL: keys.urlTemplate)
        configuration.auth.session.cookieName = "portico_session"
        configuration.auth.session.expirationMinutes = 30
        try await RunningGateway.with(configuration) { gateway in
            let response = try await gateway.request("/api/v2/user_profile", headers: [("x-amzn-oidc-data", try factory.token())])
            let cookie = try #require(response.setCookie(named: "portico_session"))
            let attributes = Set(cookie.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
            #expect(attributes.isSuperset(of: ["httponly", "secure", "samesite=lax", "path=/", "max-age=1800"]))
            #expect(response.cookieValue(named: "portico_session")?.split(separator: ".").count == 3)
        }
        await keys.stop()
    }

    @Test func fiftyConcurrentFirstRequestsFetchTheKeyOnceThenItIsCached() async throws {
        let factory = try ALBTokenFactory()
        let keys = try await KeyServer.start(serving: factory.publicKeyPEM, kid: factory.kid, gated: true)
        let token = try factory.token()
        try await RunningGateway.with(TestConfiguration.production(keyServerURL: keys.urlTemplate)) { gateway in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        try await gateway.request("/api/v2/user_profile", headers: [("x-amzn-oidc-data", token)]).status
                    }
                }
                // The key server holds its answer until all 49 other requests wait on the one fetch.
                do {
                    try await awaitCondition("49 requests joined the key fetch", timeout: 30) {
                        try await gateway.metric(#"portico_gateway_alb_key_lookups_total{result="joined"}"#) == 49
                    }
                } catch {
                    await keys.gate.open()
                    throw error
                }
                await keys.gate.open()
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 50))
            #expect(keys.requestCount == 1)

            let later = try await gateway.request("/api/v2/user_profile", headers: [("x-amzn-oidc-data", token)])
            #expect(later.status == 200)
            #expect(keys.requestCount == 1)
            #expect(try await gateway.metric(#"portico_gateway_alb_key_lookups_total{result="cached"}"#) == 1)
        }
        await keys.stop()
    }
}
