import Foundation
import Gateway
import PorticoConfig
import PorticoHTTP
import PorticoTestSupport
import Testing

/// Weep's CLI login end to end against a real redis-server: the CLI asks for a challenge, the
/// signed-in user approves it in the browser, the CLI collects a session once.
@Suite struct ChallengeFlowTests {
    /// Everything one challenge test needs; each test has its own Redis, key server and gateway.
    struct Stage {
        let gateway: RunningGateway
        let factory: ALBTokenFactory

        func signIn(_ email: String, headers: [(String, String)] = []) async throws -> SignedInUser {
            try await SignedInUser.signIn(email, factory: factory, at: gateway, extraHeaders: headers)
        }

        /// Opens a challenge for `user`; returns its token and the response.
        func generate(for user: String, headers: [(String, String)] = []) async throws -> (token: String, json: [String: Any]) {
            let response = try await gateway.request("/noauth/v1/challenge_generator/\(user)", headers: headers)
            #expect(response.status == 200)
            let polling = try #require(response.json["polling_url"] as? String)
            return (String(try #require(polling.split(separator: "/").last)), response.json)
        }

        func poll(_ token: String, headers: [(String, String)] = []) async throws -> HTTPClient.Response {
            try await gateway.request("/noauth/v1/challenge_poller/\(token)", headers: headers)
        }

        func approve(_ token: String, as user: SignedInUser, headers: [(String, String)] = []) async throws -> HTTPClient.Response {
            try await gateway.request(
                "POST", "/api/v2/challenge_validator/\(token)", headers: [user.cookieHeader, user.csrfHeader] + headers)
        }
    }

    func withStage(
        ttlSeconds: Int = 120, trustedProxyHops: Int = 0, limits: GatewayLimits = .defaults,
        configure: (inout PorticoConfiguration) -> Void = { _ in },
        _ body: (Stage) async throws -> Void
    ) async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let factory = try ALBTokenFactory()
        let keys = try await KeyServer.start(serving: factory.publicKeyPEM, kid: factory.kid)
        var configuration = TestConfiguration.production(keyServerURL: keys.urlTemplate, redisPort: redis.port)
        configuration.auth.challenge.ttlSeconds = ttlSeconds
        configuration.auth.trustedProxyHops = trustedProxyHops
        configure(&configuration)
        do {
            try await RunningGateway.with(configuration, limits: limits) { gateway in
                try await body(Stage(gateway: gateway, factory: factory))
            }
        } catch {
            await keys.stop()
            throw error
        }
        await keys.stop()
    }

    @Test func theCLILoginCompletesOnceAndItsSessionAuthenticatesAsBearer() async throws {
        try await withStage { stage in
            let (token, generated) = try await stage.generate(for: "alice@example.com")
            #expect(token.count == 43)
            #expect(generated["challenge_url"] as? String == "https://portico.example.com/api/v2/challenge_validator/\(token)")
            #expect(generated["polling_url"] as? String == "https://portico.example.com/noauth/v1/challenge_poller/\(token)")

            let pending = try await stage.poll(token)
            #expect(pending.status == 200)
            #expect(pending.json["status"] as? String == "pending")
            #expect(pending.json["encoded_jwt"] == nil)

            let alice = try await stage.signIn("alice@example.com")
            let page = try await stage.gateway.request("/api/v2/challenge_validator/\(token)", headers: [alice.cookieHeader])
            #expect(page.status == 200)
            #expect(page.bodyText.contains("alice@example.com"))
            #expect(page.headers["Content-Security-Policy"]?.contains("frame-ancestors 'none'") == true)
            #expect(try await stage.poll(token).json["status"] as? String == "pending", "showing the page approves nothing")

            let approval = try await stage.approve(token, as: alice)
            #expect(approval.status == 200)

            let success = try await stage.poll(token)
            #expect(success.status == 200)
            #expect(success.json["status"] as? String == "success")
            #expect(success.json["user"] as? String == "alice@example.com")
            #expect(success.json["cookie_name"] as? String == "consoleme_auth")
            let expiration = try #require(success.json["expiration"] as? Int)
            #expect(abs(Double(expiration) - Date().timeIntervalSince1970 - 3600) < 120)
            let jwt = try #require(success.json["encoded_jwt"] as? String)

            let asBearer = try await stage.gateway.request("/api/v2/user_profile", headers: [("Authorization", "Bearer \(jwt)")])
            #expect(asBearer.status == 200)
            #expect(asBearer.json["user"] as? String == "alice@example.com")
            #expect(asBearer.json["groups"] as? [String] == ["engineering@example.com"])

            let again = try await stage.poll(token)
            #expect(again.status == 404)
            #expect(again.json["status"] as? String == "unknown")
            #expect(again.json["encoded_jwt"] == nil)
        }
    }

    @Test func theCLISessionWorksAsWeepsCookieWithoutACSRFToken() async throws {
        try await withStage { stage in
            let (token, _) = try await stage.generate(for: "alice@example.com")
            let alice = try await stage.signIn("alice@example.com")
            #expect(try await stage.approve(token, as: alice).status == 200)
            let jwt = try #require(try await stage.poll(token).json["encoded_jwt"] as? String)
            // Weep keeps the JWT in a cookie jar; its POSTs carry no CSRF token.
            let post = try await stage.gateway.request(
                "POST", "/api/v2/challenge_validator/not-a-challenge", headers: [("Cookie", "consoleme_auth=\(jwt)")])
            #expect(post.status == 404)
        }
    }

    @Test func concurrentPollsCollectTheSessionExactlyOnce() async throws {
        try await withStage { stage in
            let (token, _) = try await stage.generate(for: "alice@example.com")
            let alice = try await stage.signIn("alice@example.com")
            #expect(try await stage.approve(token, as: alice).status == 200)
            let statuses = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<20 { group.addTask { try await stage.poll(token).json["status"] as? String ?? "" } }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == "success" }.count == 1)
            #expect(statuses.filter { $0 == "unknown" }.count == 19)
        }
    }

    @Test func anotherUserCannotApproveAndTheChallengeStaysPending() async throws {
        try await withStage { stage in
            let (token, _) = try await stage.generate(for: "alice@example.com")
            let bob = try await stage.signIn("bob@example.com")
            let approval = try await stage.approve(token, as: bob)
            #expect(approval.status == 403)
            #expect(approval.message.contains("another user"))
            let page = try await stage.gateway.request("/api/v2/challenge_validator/\(token)", headers: [bob.cookieHeader])
            #expect(page.status == 403)
            #expect(try await stage.poll(token).json["status"] as? String == "pending")

            let alice = try await stage.signIn("ALICE@example.com")
            #expect(try await stage.approve(token, as: alice).status == 200, "email case does not matter")
        }
    }

    @Test func aChallengeIsApprovedOnlyOnce() async throws {
        try await withStage { stage in
            let (token, _) = try await stage.generate(for: "alice@example.com")
            let alice = try await stage.signIn("alice@example.com")
            #expect(try await stage.approve(token, as: alice).status == 200)
            let second = try await stage.approve(token, as: alice)
            #expect(second.status == 409)
        }
    }

    @Test func anExpiredChallengeIsGone() async throws {
        try await withStage(ttlSeconds: 1) { stage in
            let (token, _) = try await stage.generate(for: "alice@example.com")
            try await awaitCondition("the challenge expires", timeout: 15) {
                try await stage.poll(token).status == 404
            }
            let alice = try await stage.signIn("alice@example.com")
            let approval = try await stage.approve(token, as: alice)
            #expect(approval.status == 404)
            #expect(try await stage.poll(token).json["status"] as? String == "unknown")
        }
    }

    @Test func unknownAndMalformedTokensAreUnknown() async throws {
        try await withStage { stage in
            for token in ["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "short", "..%2F..%2Fetc"] {
                let response = try await stage.poll(token)
                #expect(response.status == 404)
                #expect(response.json["status"] as? String == "unknown")
            }
        }
    }

    @Test func approvalAndPollingMustComeFromTheGeneratorsAddress() async throws {
        try await withStage(trustedProxyHops: 1) { stage in
            let cli = [("X-Forwarded-For", "203.0.113.7")]
            let elsewhere = [("X-Forwarded-For", "198.51.100.9")]
            let (token, _) = try await stage.generate(for: "alice@example.com", headers: cli)

            #expect(try await stage.poll(token, headers: cli).json["status"] as? String == "pending")
            #expect(try await stage.poll(token, headers: elsewhere).status == 403)
            #expect(try await stage.poll(token).status == 403, "without the header the socket peer (127.0.0.1) counts")

            let alice = try await stage.signIn("alice@example.com")
            let fromElsewhere = try await stage.approve(token, as: alice, headers: elsewhere)
            #expect(fromElsewhere.status == 403)
            #expect(fromElsewhere.message.contains("another address"))
            // Only the rightmost (trusted) entry counts: a forged left entry does not help.
            let forged = try await stage.approve(token, as: alice, headers: [("X-Forwarded-For", "203.0.113.7, 198.51.100.9")])
            #expect(forged.status == 403)

            #expect(try await stage.approve(token, as: alice, headers: cli).status == 200)
            #expect(try await stage.poll(token, headers: cli).json["status"] as? String == "success")
        }
    }

    @Test func oneAddressCannotOpenUnboundedChallenges() async throws {
        var limits = GatewayLimits.defaults
        limits.maxChallengesPerAddress = 3
        try await withStage(limits: limits) { stage in
            for _ in 0..<3 { _ = try await stage.generate(for: "alice@example.com") }
            let refused = try await stage.gateway.request("/noauth/v1/challenge_generator/alice@example.com")
            #expect(refused.status == 429)
            let elsewhere = try await stage.gateway.request(
                "/noauth/v1/challenge_generator/alice@example.com", headers: [("X-Forwarded-For", "203.0.113.7")])
            #expect(elsewhere.status == 429, "without trusted hops the header is ignored: still the same socket peer")
        }
    }

    @Test func aUserNameWithSpacesIsABadRequest() async throws {
        try await withStage { stage in
            let response = try await stage.gateway.request("/noauth/v1/challenge_generator/alice%20smith")
            #expect(response.status == 400)
        }
    }
}
