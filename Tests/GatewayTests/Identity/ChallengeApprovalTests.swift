import Foundation
@testable import Gateway
import PorticoHTTP
import Testing

/// Who may approve a CLI login: only a browser session whose sign-in (ALB or development
/// sign-in) is at most `auth.challenge.max_sign_in_age_seconds` old. A CLI session never may, so
/// a chain of logins cannot outlive the sign-in; the CLI session inherits the approver's sign-in
/// time and with it the maximum lifetime.
@Suite struct ChallengeApprovalTests {
    private let flow = ChallengeFlowTests()
    private let csrf = CSRFTokens(secret: TestConfiguration.sessionSecret)

    /// Approves `token` with the forged browser session `session` (cookie and its CSRF token).
    private func approve(
        _ token: String, withSession session: String, sessionID: String, on stage: ChallengeFlowTests.Stage
    ) async throws -> HTTPClient.Response {
        try await stage.gateway.request("POST", "/api/v2/challenge_validator/\(token)", headers: [
            ("Cookie", "consoleme_auth=\(session)"), ("X-CSRF-Token", csrf.token(for: sessionID)),
        ])
    }

    /// Completes one CLI login for alice and returns its session token.
    private func cliSession(on stage: ChallengeFlowTests.Stage) async throws -> String {
        let (token, _) = try await stage.generate(for: "alice@example.com")
        let alice = try await stage.signIn("alice@example.com")
        #expect(try await stage.approve(token, as: alice).status == 200)
        return try #require(try await stage.poll(token).json["encoded_jwt"] as? String)
    }

    @Test func aCLISessionCannotApproveALoginAsBearerOrAsWeepsCookie() async throws {
        try await flow.withStage { stage in
            let jwt = try await cliSession(on: stage)
            let (next, _) = try await stage.generate(for: "alice@example.com")
            for header in [("Authorization", "Bearer \(jwt)"), ("Cookie", "consoleme_auth=\(jwt)")] {
                let approval = try await stage.gateway.request("POST", "/api/v2/challenge_validator/\(next)", headers: [header])
                #expect(approval.status == 403)
                #expect(approval.message == "a CLI session cannot approve a login; approve it in the browser")
            }
            #expect(try await stage.poll(next).json["status"] as? String == "pending")
        }
    }

    @Test func aBrowserSessionSignedInTooLongAgoCannotApprove() async throws {
        try await flow.withStage { stage in
            let (token, _) = try await stage.generate(for: "alice@example.com")
            let stale = try SessionForge.token(signedInSecondsAgo: 601, groupsSecondsAgo: 0, sessionID: "stale-browser")
            let refused = try await approve(token, withSession: stale, sessionID: "stale-browser", on: stage)
            #expect(refused.status == 403)
            #expect(refused.message.hasPrefix("your sign-in is older than 600 seconds"))
            #expect(try await stage.poll(token).json["status"] as? String == "pending")

            let recent = try SessionForge.token(signedInSecondsAgo: 590, groupsSecondsAgo: 0, sessionID: "recent-browser")
            #expect(try await approve(token, withSession: recent, sessionID: "recent-browser", on: stage).status == 200)
        }
    }

    @Test func behindTheALBAnOldSessionApprovesWithTheALBVouchingNow() async throws {
        try await flow.withStage { stage in
            let (token, _) = try await stage.generate(for: "alice@example.com")
            let stale = try SessionForge.token(signedInSecondsAgo: 3000, groupsSecondsAgo: 0, sessionID: "old-browser")
            let staleHeaders = [("Cookie", "consoleme_auth=\(stale)"), ("X-CSRF-Token", csrf.token(for: "old-browser"))]
            let path = "/api/v2/challenge_validator/\(token)"

            let bob = ("x-amzn-oidc-data", try stage.factory.token(payload: stage.factory.payload(email: "bob@example.com")))
            let asBob = try await stage.gateway.request("POST", path, headers: staleHeaders + [bob])
            #expect(asBob.status == 403, "the ALB must vouch for the same person")

            let alice = ("x-amzn-oidc-data", try stage.factory.token())
            #expect(try await stage.gateway.request("POST", path, headers: staleHeaders + [alice]).status == 200)
            let jwt = try #require(try await stage.poll(token).json["encoded_jwt"] as? String)
            let signedInAt = try #require(try SessionForge.claims(of: jwt)["auth_time"] as? Int)
            #expect(abs(Int64(signedInAt) - SessionForge.now) <= 5, "the CLI session descends from the ALB's sign-in now")
        }
    }

    @Test func theCLISessionInheritsTheSignInTimeAndItsMaximumLifetime() async throws {
        try await flow.withStage(configure: { $0.auth.session.maxLifetimeMinutes = 30 }) { stage in
            let (token, _) = try await stage.generate(for: "alice@example.com")
            let signedInAgo: Int64 = 300
            let browser = try SessionForge.token(signedInSecondsAgo: signedInAgo, groupsSecondsAgo: 0, sessionID: "browser")
            let signedInAt = try #require(try SessionForge.claims(of: browser)["auth_time"] as? Int)
            #expect(try await approve(token, withSession: browser, sessionID: "browser", on: stage).status == 200)

            let success = try await stage.poll(token)
            let jwt = try #require(success.json["encoded_jwt"] as? String)
            let claims = try SessionForge.claims(of: jwt)
            #expect(claims["auth_time"] as? Int == signedInAt)
            #expect(claims["aud"] as? String == "portico:cli")
            // 30 minutes after the browser's sign-in, not an hour after the poll.
            #expect(claims["exp"] as? Int == signedInAt + 30 * 60)
            #expect(success.json["expiration"] as? Int == signedInAt + 30 * 60)
        }
    }
}
