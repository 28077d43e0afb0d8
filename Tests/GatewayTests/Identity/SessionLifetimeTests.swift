import Foundation
@testable import Gateway
import PorticoConfig
import PorticoCrypto
import Testing

/// Every session token carries its sign-in time (`auth_time`); issuing and renewing never give a
/// session past `maxLifetime` after it, and verification refuses one that would outlive it.
@Suite struct SessionLifetimeTests {
    private static let secret = Secret("session-lifetime-secret-0123456789abc")
    private let tokens = SessionTokens(secret: secret, lifetime: .seconds(3600), maxLifetime: .seconds(7200))
    private let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aSignInStartsNowAndExpiresAfterTheLifetime() throws {
        let claims = try tokens.issue(email: "alice@example.com", groups: [], audience: .browser, now: start).claims
        #expect(claims.signedInAt == 1_800_000_000)
        #expect(claims.groupsResolvedAt == 1_800_000_000)
        #expect(claims.expiresAt == 1_800_003_600)
    }

    @Test func anInheritedSignInCapsTheExpiry() throws {
        let later = start.addingTimeInterval(5400)
        let claims = try tokens.issue(
            email: "alice@example.com", groups: [], audience: .cli, signedInAt: 1_800_000_000, now: later).claims
        #expect(claims.issuedAt == 1_800_005_400)
        #expect(claims.expiresAt == 1_800_007_200, "two hours after the sign-in, not an hour after issue")
        #expect(claims.signedInAt == 1_800_000_000)
    }

    @Test func noSessionIsIssuedOrRenewedPastTheMaximumLifetime() throws {
        let issued = try tokens.issue(email: "alice@example.com", groups: ["g"], audience: .browser, now: start)
        let renewed = try tokens.renewed(issued.claims, now: start.addingTimeInterval(3000))
        #expect(renewed.claims.sessionID == issued.claims.sessionID)
        #expect(renewed.claims.signedInAt == issued.claims.signedInAt)
        #expect(renewed.claims.expiresAt == 1_800_006_600)
        let last = try tokens.renewed(renewed.claims, now: start.addingTimeInterval(6000))
        #expect(last.claims.expiresAt == 1_800_007_200)
        #expect(throws: AuthenticationFailure.sessionLifetimeExceeded) {
            try tokens.renewed(last.claims, now: start.addingTimeInterval(7200))
        }
        #expect(throws: AuthenticationFailure.sessionLifetimeExceeded) {
            try tokens.issue(email: "alice@example.com", groups: [], audience: .cli, signedInAt: 1_800_000_000,
                             now: start.addingTimeInterval(7300))
        }
    }

    @Test func verificationRefusesASessionWhoseSignInIsTooOldEvenFromMemory() throws {
        let now = Int64(start.timeIntervalSince1970)
        let token = try tokens.sign(SessionClaims(
            subject: "alice@example.com", groups: [], issuedAt: now, expiresAt: now + 86400, sessionID: "long",
            audience: .browser, signedInAt: now))
        #expect(try tokens.verify(token, now: start.addingTimeInterval(7199)).sessionID == "long")
        #expect(throws: AuthenticationFailure.sessionLifetimeExceeded) {
            try tokens.verify(token, now: start.addingTimeInterval(7200))
        }
    }

    @Test func aSignInAfterIssueIsRefused() throws {
        let now = Int64(start.timeIntervalSince1970)
        let token = try tokens.sign(SessionClaims(
            subject: "alice@example.com", groups: [], issuedAt: now, expiresAt: now + 600, sessionID: "odd",
            audience: .browser, signedInAt: now + 30))
        #expect(throws: AuthenticationFailure.invalidClaim("auth_time")) { try tokens.verify(token, now: start) }
    }

    @Test func aTokenWithoutASignInTimeIsRefused() throws {
        let now = Int64(start.timeIntervalSince1970)
        let token = try tokens.sign(SessionClaims(
            subject: "alice@example.com", groups: [], issuedAt: now, expiresAt: now + 600, sessionID: "old", audience: .browser))
        // The same token as a gateway before `auth_time` existed would have signed it.
        var parts = token.split(separator: ".").map(String.init)
        let payload = try #require(Base64URL.decode(parts[1]))
        var object = try #require(try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any])
        object["auth_time"] = nil
        object["groups_at"] = nil
        parts[1] = Base64URL.encode(Array(try JSONSerialization.data(withJSONObject: object)))
        let input = parts[0] + "." + parts[1]
        let mac = HMACSHA256.authenticationCode(
            for: Array(input.utf8), key: KeyDerivation.key(for: .sessionSigning, from: Self.secret))
        let legacy = input + "." + Base64URL.encode(mac)
        #expect(throws: AuthenticationFailure.malformedToken("payload is not a Portico session")) {
            try tokens.verify(legacy, now: start)
        }
    }
}
