import PorticoHTTP
import Testing

/// State-changing calls authenticated by something a browser attaches on its own (the session
/// cookie, the ALB header) need the session's CSRF token; bearer calls and CLI sessions don't.
/// The probe is `POST /api/v2/challenge_validator/{token}` with a token that cannot exist: past
/// the CSRF check it answers 404 from the route, before it 403.
@Suite struct CSRFTests {
    private static let probe = "/api/v2/challenge_validator/not-a-challenge"

    private func withSignedInAlice(_ body: (RunningGateway, SignedInUser, ALBTokenFactory) async throws -> Void) async throws {
        let factory = try ALBTokenFactory()
        let keys = try await KeyServer.start(serving: factory.publicKeyPEM, kid: factory.kid)
        try await RunningGateway.with(TestConfiguration.production(keyServerURL: keys.urlTemplate)) { gateway in
            try await body(gateway, try await SignedInUser.signIn("alice@example.com", factory: factory, at: gateway), factory)
        }
        await keys.stop()
    }

    @Test func aCookiePostWithoutTheTokenIsForbidden() async throws {
        try await withSignedInAlice { gateway, alice, _ in
            let response = try await gateway.request("POST", Self.probe, headers: [alice.cookieHeader])
            #expect(response.status == 403)
            #expect(response.message.hasPrefix("missing CSRF token"))
        }
    }

    @Test func aCookiePostWithAWrongTokenIsForbidden() async throws {
        try await withSignedInAlice { gateway, alice, _ in
            for wrong in ["x", String(alice.csrfToken.dropLast()) + "A", alice.csrfToken + "A"] where wrong != alice.csrfToken {
                let response = try await gateway.request(
                    "POST", Self.probe, headers: [alice.cookieHeader, ("X-CSRF-Token", wrong)])
                #expect(response.status == 403)
            }
        }
    }

    @Test func anotherSessionsTokenIsForbidden() async throws {
        try await withSignedInAlice { gateway, alice, factory in
            let again = try await SignedInUser.signIn("alice@example.com", factory: factory, at: gateway)
            #expect(again.csrfToken != alice.csrfToken)
            let response = try await gateway.request(
                "POST", Self.probe, headers: [alice.cookieHeader, ("X-CSRF-Token", again.csrfToken)])
            #expect(response.status == 403)
        }
    }

    @Test func aCookiePostWithTheRightTokenPasses() async throws {
        try await withSignedInAlice { gateway, alice, _ in
            let response = try await gateway.request("POST", Self.probe, headers: [alice.cookieHeader, alice.csrfHeader])
            #expect(response.status == 404)
        }
    }

    @Test func aBearerPostNeedsNoToken() async throws {
        try await withSignedInAlice { gateway, alice, _ in
            let response = try await gateway.request("POST", Self.probe, headers: [alice.bearerHeader])
            #expect(response.status == 404)
        }
    }

    @Test func anALBAuthenticatedPostWithoutTheTokenIsForbidden() async throws {
        try await withSignedInAlice { gateway, _, factory in
            let response = try await gateway.request("POST", Self.probe, headers: [("x-amzn-oidc-data", try factory.token())])
            #expect(response.status == 403)
        }
    }

    @Test func aClientWithTheALBHeaderAloneGetsOneTokenAndPassesWithIt() async throws {
        try await withSignedInAlice { gateway, _, factory in
            let alb = ("x-amzn-oidc-data", try factory.token())
            let first = try await gateway.request("/api/v2/user_profile", headers: [alb])
            let second = try await gateway.request("/api/v2/user_profile", headers: [alb])
            let token = try #require(first.json["csrf_token"] as? String)
            #expect(second.json["csrf_token"] as? String == token, "the same ALB token is the same session")
            let post = try await gateway.request("POST", Self.probe, headers: [alb, ("X-CSRF-Token", token)])
            #expect(post.status == 404)
            // The cookie that request was given belongs to the same session: the token holds for it too.
            let cookie = try #require(first.cookieValue(named: "consoleme_auth"))
            let withCookie = try await gateway.request(
                "POST", Self.probe, headers: [("Cookie", "consoleme_auth=\(cookie)"), ("X-CSRF-Token", token)])
            #expect(withCookie.status == 404)
        }
    }

    @Test func anotherALBTokensCSRFTokenIsForbidden() async throws {
        try await withSignedInAlice { gateway, _, factory in
            let first = try await gateway.request("/api/v2/user_profile", headers: [("x-amzn-oidc-data", try factory.token())])
            let token = try #require(first.json["csrf_token"] as? String)
            let other = ("x-amzn-oidc-data", try factory.token())
            let post = try await gateway.request("POST", Self.probe, headers: [other, ("X-CSRF-Token", token)])
            #expect(post.status == 403)
        }
    }

    @Test func getRequestsNeedNoToken() async throws {
        try await withSignedInAlice { gateway, alice, _ in
            let response = try await gateway.request("GET", Self.probe, headers: [alice.cookieHeader])
            #expect(response.status == 404)
        }
    }
}
