import Foundation
import Gateway
import PorticoConfig
import PorticoHTTP
import PorticoTestSupport
import Testing

/// The development sign-in signs an ALB-format token that then takes the real ALB validation
/// path (key fetched from the configured URL, signer and expiry checked); production has none of it.
@Suite struct DevSignInTests {
    private static let form = [("Content-Type", "application/x-www-form-urlencoded")]

    @Test func signingInAsADemoUserPassesTheRealALBValidation() async throws {
        try await RunningGateway.withDevelopment { gateway in
            let page = try await gateway.request("/noauth/dev/login")
            #expect(page.status == 200)
            #expect(page.bodyText.contains("alice@example.com"))
            #expect(page.bodyText.contains("admin@example.com"))

            let signIn = try await gateway.request(
                "POST", "/noauth/dev/login", headers: Self.form, body: "email=admin%40example.com&next=%2Fapi%2Fv2%2Fuser_profile")
            #expect(signIn.status == 303)
            #expect(signIn.headers["Location"] == "/api/v2/user_profile")
            let session = try #require(signIn.cookieValue(named: "consoleme_auth"))

            let profile = try await gateway.request("/api/v2/user_profile", headers: [("Cookie", "consoleme_auth=\(session)")])
            #expect(profile.status == 200)
            #expect(profile.json["user"] as? String == "admin@example.com")
            #expect(profile.json["groups"] as? [String] == ["portico-admins@example.com"])
            #expect((profile.json["site_config"] as? [String: Any])?["dev_sign_in_url"] as? String == "/noauth/dev/login")
            // The key the validation fetched came over HTTP from the gateway's own key endpoint.
            #expect(try await gateway.metric(#"portico_gateway_alb_key_lookups_total{result="fetched"}"#) == 1)
        }
    }

    @Test func theKeyIsFetchedFromTheConfiguredURL() async throws {
        let keys = try await LoopbackHTTPServer.start { _ in .text("no such key", status: 404) }
        var configuration = TestConfiguration.development(port: 0)
        configuration.auth.alb.publicKeyURL = keys.baseURL + "/keys/{region}/{kid}"
        try await RunningGateway.with(configuration) { gateway in
            let signIn = try await gateway.request("POST", "/noauth/dev/login", headers: Self.form, body: "email=alice%40example.com")
            #expect(signIn.status == 401)
            #expect(signIn.message == "token signing key is unknown")
            #expect(signIn.cookieValue(named: "consoleme_auth") == nil)
        }
        #expect(keys.requestCount == 1)
        #expect(keys.requests.first?.path.hasPrefix("/keys/us-east-1/portico-dev-") == true)
        await keys.shutdown()
    }

    @Test func theDevelopmentSignerMustBeAccepted() async throws {
        var configuration = TestConfiguration.development(port: 0)
        configuration.auth.alb.signerARNs = [TestConfiguration.signer]
        try await RunningGateway.with(configuration) { gateway in
            let signIn = try await gateway.request("POST", "/noauth/dev/login", headers: Self.form, body: "email=alice%40example.com")
            #expect(signIn.status == 401)
            #expect(signIn.message == "token signer is not accepted")
        }
    }

    @Test func onlyConfiguredDemoUsersCanSignIn() async throws {
        try await RunningGateway.withDevelopment(configure: {
            $0.auth.devUsers = [.init(email: "carol@example.com", groups: ["qa@example.com"])]
        }) { gateway in
            let refused = try await gateway.request("POST", "/noauth/dev/login", headers: Self.form, body: "email=alice%40example.com")
            #expect(refused.status == 403)
            let carol = try await gateway.request("POST", "/noauth/dev/login", headers: Self.form, body: "email=carol%40example.com")
            #expect(carol.status == 303)
        }
    }

    @Test func theRedirectAfterSignInStaysOnThisSite() async throws {
        try await RunningGateway.withDevelopment { gateway in
            for next in ["https%3A%2F%2Fevil.example.com", "%2F%2Fevil.example.com", "%2F%5Cevil.example.com"] {
                let signIn = try await gateway.request(
                    "POST", "/noauth/dev/login", headers: Self.form, body: "email=alice%40example.com&next=\(next)")
                #expect(signIn.headers["Location"] == "/")
            }
        }
    }

    @Test func aBrowserWithoutCredentialsIsSentToTheDevelopmentSignIn() async throws {
        try await RunningGateway.with(TestConfiguration.development(port: 0)) { gateway in
            let page = try await gateway.request("/api/v2/user_profile", headers: [("Accept", "text/html")])
            #expect(page.status == 303)
            #expect(page.headers["Location"] == "/noauth/dev/login?next=/api/v2/user_profile")
            let api = try await gateway.request("/api/v2/user_profile", headers: [("Accept", "application/json")])
            #expect(api.status == 401)
        }
    }

    @Test func productionHasNoDevelopmentRoutes() async throws {
        let factory = try ALBTokenFactory()
        try await RunningGateway.with(TestConfiguration.production()) { gateway in
            #expect(try await gateway.request("/noauth/dev/login").status == 404)
            #expect(try await gateway.request("POST", "/noauth/dev/login", headers: Self.form, body: "email=alice%40example.com").status == 404)
            #expect(try await gateway.request("/noauth/dev/alb-keys/\(factory.kid)").status == 404)
            let page = try await gateway.request("/api/v2/user_profile", headers: [("Accept", "text/html")])
            #expect(page.status == 401, "no redirect to a sign-in that does not exist")
            let unknown = try await gateway.request("/noauth/dev/login")
            #expect(unknown.json["code"] as? String == "404")
        }
    }

    @Test func productionRefusesTheDevelopmentSignerEvenWhenConfigured() async throws {
        let factory = try ALBTokenFactory(signer: PorticoConfiguration.Auth.ALB.developmentSignerARN)
        let keys = try await KeyServer.start(serving: factory.publicKeyPEM, kid: factory.kid)
        var configuration = TestConfiguration.production(keyServerURL: keys.urlTemplate)
        configuration.auth.alb.signerARNs = [PorticoConfiguration.Auth.ALB.developmentSignerARN]
        try await RunningGateway.with(configuration) { gateway in
            let response = try await gateway.request("/api/v2/user_profile", headers: [("x-amzn-oidc-data", try factory.token())])
            #expect(response.status == 401)
            #expect(response.message == "token signer is not accepted")
        }
        #expect(keys.requestCount == 0)
        await keys.stop()
    }
}
