import Foundation
@testable import Gateway
import PorticoConfig
import PorticoCrypto
import PorticoHTTP
import PorticoTestSupport
import Testing

/// Portico's own session JWT authenticates as the cookie and as a bearer token; anything not
/// signed by the gateway's secret, not HS256, or expired does not.
@Suite struct SessionTests {
    /// A gateway with its ALB key server, and alice signed in.
    private func withSignedInAlice(
        _ body: (RunningGateway, SignedInUser) async throws -> Void
    ) async throws {
        let factory = try ALBTokenFactory()
        let keys = try await KeyServer.start(serving: factory.publicKeyPEM, kid: factory.kid)
        try await RunningGateway.with(TestConfiguration.production(keyServerURL: keys.urlTemplate)) { gateway in
            let alice = try await SignedInUser.signIn("alice@example.com", factory: factory, at: gateway)
            try await body(gateway, alice)
        }
        await keys.stop()
    }

    @Test func theSessionCookieAuthenticatesWithoutTheALBHeader() async throws {
        try await withSignedInAlice { gateway, alice in
            let response = try await gateway.request("/api/v2/user_profile", headers: [alice.cookieHeader])
            #expect(response.status == 200)
            #expect(response.json["user"] as? String == "alice@example.com")
            #expect(response.json["authenticated_by"] as? String == "cookie")
            #expect(response.json["csrf_token"] as? String == alice.csrfToken)
            #expect(response.setCookie(named: alice.cookieName) == nil, "a valid session is not reissued")
        }
    }

    @Test func theSessionTokenAuthenticatesAsABearerToken() async throws {
        try await withSignedInAlice { gateway, alice in
            let response = try await gateway.request("/api/v2/user_profile", headers: [alice.bearerHeader])
            #expect(response.status == 200)
            #expect(response.json["user"] as? String == "alice@example.com")
            #expect(response.json["authenticated_by"] as? String == "bearer")
        }
    }

    @Test func aTamperedSessionIsRefusedAsCookieAndAsBearer() async throws {
        try await withSignedInAlice { gateway, alice in
            var parts = alice.sessionToken.split(separator: ".").map(String.init)
            let payload = try #require(Base64URL.decode(parts[1]))
            var claims = try #require(try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any])
            claims["sub"] = "admin@example.com"
            parts[1] = Base64URL.encode(Array(try JSONSerialization.data(withJSONObject: claims)))
            let forged = parts.joined(separator: ".")
            for header in [("Cookie", "\(alice.cookieName)=\(forged)"), ("Authorization", "Bearer \(forged)")] {
                let response = try await gateway.request("/api/v2/user_profile", headers: [header])
                #expect(response.status == 401)
                #expect(response.message == "token signature is invalid")
                #expect(!response.bodyText.contains(forged))
            }
        }
    }

    @Test func anExpiredSessionIsRefused() async throws {
        try await withSignedInAlice { gateway, _ in
            let tokens = SessionTokens(secret: TestConfiguration.sessionSecret, lifetime: .seconds(3600))
            let now = Int64(Date().timeIntervalSince1970)
            let expired = try tokens.sign(SessionClaims(
                subject: "alice@example.com", groups: [], issuedAt: now - 7200, expiresAt: now - 3600,
                sessionID: "expired-session", audience: .browser))
            let response = try await gateway.request("/api/v2/user_profile", headers: [("Authorization", "Bearer \(expired)")])
            #expect(response.status == 401)
            #expect(response.message == "token expired")
        }
    }

    @Test func aSessionSignedWithAnotherSecretIsRefused() async throws {
        try await withSignedInAlice { gateway, _ in
            let other = SessionTokens(secret: Secret("another-secret-0123456789abcdef0123"), lifetime: .seconds(3600))
            let token = try other.issue(email: "alice@example.com", groups: [], audience: .browser).token
            let response = try await gateway.request("/api/v2/user_profile", headers: [("Authorization", "Bearer \(token)")])
            #expect(response.status == 401)
            #expect(response.message == "token signature is invalid")
        }
    }

    @Test func aSessionClaimingAnotherAlgorithmIsRefused() async throws {
        try await withSignedInAlice { gateway, alice in
            let parts = alice.sessionToken.split(separator: ".")
            let noneHeader = Base64URL.encode(Array(#"{"alg":"none","typ":"JWT"}"#.utf8))
            for token in ["\(noneHeader).\(parts[1]).", "\(noneHeader).\(parts[1]).\(parts[2])"] {
                let response = try await gateway.request("/api/v2/user_profile", headers: [("Authorization", "Bearer \(token)")])
                #expect(response.status == 401)
                #expect(response.message == "unsupported token algorithm")
            }
        }
    }

    @Test func anInvalidCookieFallsBackToAValidALBTokenWhichStartsANewSession() async throws {
        let factory = try ALBTokenFactory()
        let keys = try await KeyServer.start(serving: factory.publicKeyPEM, kid: factory.kid)
        try await RunningGateway.with(TestConfiguration.production(keyServerURL: keys.urlTemplate)) { gateway in
            let response = try await gateway.request("/api/v2/user_profile", headers: [
                ("Cookie", "consoleme_auth=not.a.session"), ("x-amzn-oidc-data", try factory.token()),
            ])
            #expect(response.status == 200)
            #expect(response.json["authenticated_by"] as? String == "alb")
            #expect(response.cookieValue(named: "consoleme_auth") != nil)
        }
        await keys.stop()
    }

    @Test func anInvalidBearerTokenDoesNotFallBackToTheCookie() async throws {
        try await withSignedInAlice { gateway, alice in
            let response = try await gateway.request(
                "/api/v2/user_profile", headers: [alice.cookieHeader, ("Authorization", "Bearer nonsense")])
            #expect(response.status == 401)
        }
    }

    @Test func theCookieIsNotSecureInDevelopment() async throws {
        try await RunningGateway.withDevelopment { gateway in
            let response = try await gateway.request(
                "POST", "/noauth/dev/login", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: "email=alice%40example.com")
            let cookie = try #require(response.setCookie(named: "consoleme_auth"))
            #expect(cookie.lowercased().contains("httponly"))
            #expect(!cookie.lowercased().contains("secure"))
        }
    }
}
