import Foundation
@testable import Gateway
import PorticoConfig
import PorticoHTTP
import PorticoRedis
import PorticoTestSupport
import Testing

/// Sessions end: no session outlives `auth.session.max_lifetime_minutes` after its sign-in,
/// logout revokes the session on every replica (the remembered-token fast path included), and an
/// administrator can end every session of a user. Both are on record; no token is logged.
@Suite struct SessionEndTests {
    struct Stage {
        let gateway: RunningGateway
        let factory: ALBTokenFactory
        let redis: RedisClient
        let log: LogRecorder

        func signIn(_ email: String, groups: [String] = ["engineering@example.com"]) async throws -> SignedInUser {
            try await SignedInUser.signIn(email, groups: groups, factory: factory, at: gateway)
        }

        func profile(_ headers: [(String, String)]) async throws -> HTTPClient.Response {
            try await gateway.request("/api/v2/user_profile", headers: headers)
        }

        /// The entries of the session audit stream, as field maps.
        func auditEntries() async throws -> [[String: String]] {
            let reply = try await redis.send(["XRANGE", "portico:audit:sessions", "-", "+"])
            return (reply.array ?? []).compactMap { entry in
                guard let parts = entry.array, parts.count == 2, let flat = parts[1].array else { return nil }
                var fields: [String: String] = [:]
                for index in stride(from: 0, to: flat.count - 1, by: 2) {
                    if let name = flat[index].string, let value = flat[index + 1].string { fields[name] = value }
                }
                return fields
            }
        }
    }

    private func withStage(
        configure: (inout PorticoConfiguration) -> Void = { _ in }, _ body: (Stage) async throws -> Void
    ) async throws {
        let server = try await RedisServer.start()
        defer { server.stop() }
        let factory = try ALBTokenFactory()
        let keys = try await KeyServer.start(serving: factory.publicKeyPEM, kid: factory.kid)
        var configuration = TestConfiguration.production(keyServerURL: keys.urlTemplate, redisPort: server.port)
        configuration.groups.canAdmin = ["portico-admins@example.com"]
        configure(&configuration)
        let redis = RedisClient(
            configuration: RedisConfiguration(host: server.host, port: server.port, db: 0, password: nil), logger: quietLogger)
        let log = LogRecorder()
        do {
            try await RunningGateway.with(configuration, logger: log.logger) { gateway in
                try await body(Stage(gateway: gateway, factory: factory, redis: redis, log: log))
            }
        } catch {
            await redis.shutdown()
            await keys.stop()
            throw error
        }
        await redis.shutdown()
        await keys.stop()
    }

    // MARK: Maximum lifetime

    @Test func aSessionPastItsMaximumLifetimeIsRefusedThoughNotExpired() async throws {
        try await withStage { stage in
            let old = try SessionForge.token(signedInSecondsAgo: 12 * 3600 + 5)
            for headers in [[("Authorization", "Bearer \(old)")], [("Cookie", "consoleme_auth=\(old)")]] {
                let response = try await stage.profile(headers)
                #expect(response.status == 401)
                #expect(response.message == "session reached its maximum lifetime; sign in again")
            }
            let recent = try SessionForge.token(signedInSecondsAgo: 12 * 3600 - 60, groupsSecondsAgo: 0)
            #expect(try await stage.profile([("Authorization", "Bearer \(recent)")]).status == 200)
        }
    }

    @Test func theMaximumLifetimeFollowsConfiguration() async throws {
        try await withStage(configure: { $0.auth.session.maxLifetimeMinutes = 30 }) { stage in
            let old = try SessionForge.token(signedInSecondsAgo: 31 * 60, groupsSecondsAgo: 0)
            #expect(try await stage.profile([("Authorization", "Bearer \(old)")]).status == 401)
            // A new session from the ALB expires no later than the maximum lifetime allows.
            let alice = try await stage.signIn("alice@example.com")
            let claims = try SessionForge.claims(of: alice.sessionToken)
            let signedInAt = try #require(claims["auth_time"] as? Int)
            #expect(claims["exp"] as? Int == signedInAt + 30 * 60)
        }
    }

    // MARK: Logout

    @Test func logoutRevokesTheSessionEverywhereAndClearsTheCookie() async throws {
        try await withStage { stage in
            let alice = try await stage.signIn("alice@example.com")
            let other = try await stage.signIn("alice@example.com")
            // Remembered by the gateway: the next uses would skip the full check.
            #expect(try await stage.profile([alice.cookieHeader]).status == 200)
            #expect(try await stage.profile([alice.bearerHeader]).status == 200)

            let logout = try await stage.gateway.request("POST", "/api/v2/logout", headers: [alice.cookieHeader, alice.csrfHeader])
            #expect(logout.status == 200)
            #expect(logout.json["status"] as? String == "success")
            let cleared = try #require(logout.setCookie(named: "consoleme_auth"))
            #expect(cleared.hasPrefix("consoleme_auth=;"))
            #expect(cleared.contains("Max-Age=0"))

            for header in [alice.cookieHeader, alice.bearerHeader] {
                let response = try await stage.profile([header])
                #expect(response.status == 401)
                #expect(response.message == "session ended (signed out or revoked); sign in again")
            }
            #expect(try await stage.profile([other.cookieHeader]).status == 200, "another session of the same user lives on")

            let entries = try await stage.auditEntries()
            #expect(entries.count == 1)
            #expect(entries.first?["action"] == "logout")
            #expect(entries.first?["actor"] == "alice@example.com")
            #expect(entries.first?["user"] == "alice@example.com")
            let lines = stage.log.lines
            #expect(lines.contains { $0.hasPrefix("info session logout") && $0.contains("alice@example.com") })
            #expect(!lines.contains { $0.contains(alice.sessionToken) || $0.contains(alice.csrfToken) })
        }
    }

    @Test func logoutNeedsTheCSRFTokenOfABrowserSession() async throws {
        try await withStage { stage in
            let alice = try await stage.signIn("alice@example.com")
            let forged = try await stage.gateway.request("POST", "/api/v2/logout", headers: [alice.cookieHeader])
            #expect(forged.status == 403)
            #expect(try await stage.profile([alice.cookieHeader]).status == 200)
        }
    }

    @Test func aLoggedOutSessionStaysRevokedOnAnotherReplica() async throws {
        try await withStage { stage in
            let alice = try await stage.signIn("alice@example.com")
            #expect(try await stage.gateway.request("POST", "/api/v2/logout", headers: [alice.bearerHeader]).status == 200)
            try await RunningGateway.with(stage.gateway.configuration) { replica in
                let response = try await replica.request("/api/v2/user_profile", headers: [alice.bearerHeader])
                #expect(response.status == 401)
            }
        }
    }

    @Test func withoutRedisNoSessionIsAcceptedUnchecked() async throws {
        let closed = try ClosedPort()
        defer { closed.close() }
        var configuration = TestConfiguration.production()
        configuration.redis.port = closed.port
        try await RunningGateway.with(configuration) { gateway in
            let token = try SessionForge.token(signedInSecondsAgo: 0)
            let response = try await gateway.request("/api/v2/user_profile", headers: [("Authorization", "Bearer \(token)")])
            #expect(response.status == 503)
            #expect(response.message == "cannot check the session; try again")
        }
    }

    // MARK: Revoking a user's sessions

    @Test func anAdministratorEndsEverySessionOfAUser() async throws {
        try await withStage { stage in
            let admin = try await stage.signIn("admin@example.com", groups: ["portico-admins@example.com"])
            let alice = try await stage.signIn("alice@example.com")
            let aliceCLI = try SessionForge.token(audience: .cli, signedInSecondsAgo: 60, groupsSecondsAgo: 0)
            let bob = try await stage.signIn("bob@example.com")
            #expect(try await stage.profile([alice.bearerHeader]).status == 200)

            let revoke = try await stage.gateway.request(
                "DELETE", "/api/v2/sessions/Alice%40example.com", headers: [admin.cookieHeader, admin.csrfHeader])
            #expect(revoke.status == 200)
            #expect(revoke.json["user"] as? String == "Alice@example.com")

            for header in [alice.cookieHeader, alice.bearerHeader, ("Authorization", "Bearer \(aliceCLI)")] {
                let response = try await stage.profile([header])
                #expect(response.status == 401)
                #expect(response.message == "session ended (signed out or revoked); sign in again")
            }
            #expect(try await stage.profile([bob.cookieHeader]).status == 200)
            #expect(try await stage.profile([admin.cookieHeader]).status == 200)

            let entries = try await stage.auditEntries()
            #expect(entries.count == 1)
            #expect(entries.first?["action"] == "revoke_user")
            #expect(entries.first?["actor"] == "admin@example.com")
            #expect(entries.first?["user"] == "Alice@example.com")
            #expect(stage.log.lines.contains { $0.hasPrefix("info session revoke_user") && $0.contains("admin@example.com") })
        }
    }

    @Test func aSignInAfterTheRevocationWorks() async throws {
        try await withStage { stage in
            let admin = try await stage.signIn("admin@example.com", groups: ["portico-admins@example.com"])
            let revoke = try await stage.gateway.request(
                "DELETE", "/api/v2/sessions/alice@example.com", headers: [admin.cookieHeader, admin.csrfHeader])
            #expect(revoke.status == 200)
            let revokedBefore = try #require(revoke.json["revoked_before"] as? Int)
            let signedIn = Int64(revokedBefore) + 1
            let later = try SessionForge.tokens.sign(SessionClaims(
                subject: "alice@example.com", groups: [], issuedAt: signedIn, expiresAt: signedIn + 3600,
                sessionID: "signed-in-after", audience: .browser))
            #expect(try await stage.profile([("Authorization", "Bearer \(later)")]).status == 200)
        }
    }

    @Test func onlyAnAdministratorMayRevoke() async throws {
        try await withStage { stage in
            let alice = try await stage.signIn("alice@example.com")
            let bob = try await stage.signIn("bob@example.com")
            let response = try await stage.gateway.request(
                "DELETE", "/api/v2/sessions/bob@example.com", headers: [alice.cookieHeader, alice.csrfHeader])
            #expect(response.status == 403)
            #expect(try await stage.profile([bob.cookieHeader]).status == 200)
            #expect(try await stage.auditEntries().isEmpty)
        }
    }

    @Test func aBadUserNameIsABadRequest() async throws {
        try await withStage { stage in
            let admin = try await stage.signIn("admin@example.com", groups: ["portico-admins@example.com"])
            let response = try await stage.gateway.request(
                "DELETE", "/api/v2/sessions/alice%20smith", headers: [admin.cookieHeader, admin.csrfHeader])
            #expect(response.status == 400)
        }
    }
}
