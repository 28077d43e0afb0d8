import Foundation
@testable import Gateway
import PorticoConfig
import PorticoCore
import Synchronization
import PorticoTestSupport
import Testing

/// A session token verified once is answered from memory afterwards, but only that exact token,
/// still only until it expires, and never more tokens than the table's capacity.
@Suite struct VerifiedSessionsTests {
    private let tokens = SessionTokens(secret: Secret("verified-sessions-secret-0123456789ab"), lifetime: .seconds(600))

    @Test func aRememberedTokenStillExpires() throws {
        let start = Date()
        let token = try tokens.issue(email: "alice@example.com", groups: ["engineering"], audience: .cli, now: start).token
        #expect(try tokens.verify(token, now: start).subject == "alice@example.com")
        #expect(tokens.verified.claims(for: token)?.subject == "alice@example.com")
        #expect(try tokens.verify(token, now: start.addingTimeInterval(599)).groups == ["engineering"])
        #expect(throws: AuthenticationFailure.tokenExpired) {
            try tokens.verify(token, now: start.addingTimeInterval(600))
        }
    }

    @Test func onlyTheExactTokenIsAnsweredFromMemory() throws {
        let token = try tokens.issue(email: "alice@example.com", groups: [], audience: .browser).token
        _ = try tokens.verify(token)
        // The last of 43 base64url characters carries 4 bits: "A" and "E" are both valid there.
        let last = token.last == "A" ? "E" : "A"
        let tampered = String(token.dropLast()) + String(last)
        #expect(throws: AuthenticationFailure.invalidSignature) { try tokens.verify(tampered) }
        #expect(tokens.verified.claims(for: tampered) == nil)
        let other = SessionTokens(secret: Secret("another-secret-0123456789abcdef0123"), lifetime: .seconds(600))
        #expect(throws: AuthenticationFailure.invalidSignature) { try other.verify(token) }
    }

    @Test func theTableKeepsWithinItsCapacityDroppingExpiredTokensFirst() {
        let clock = ManualCacheClock()
        let table = VerifiedSessions(capacity: 3, clock: clock.cacheClock)
        func claims(expiringAt expiry: Int64) -> SessionClaims {
            SessionClaims(subject: "u@example.com", groups: [], issuedAt: 0, expiresAt: expiry, sessionID: "s", audience: .cli)
        }
        table.remember("expired-1", claims: claims(expiringAt: 50), now: 10)
        table.remember("expired-2", claims: claims(expiringAt: 60), now: 10)
        table.remember("live", claims: claims(expiringAt: 500), now: 10)
        clock.advance(by: .seconds(90))
        table.remember("new", claims: claims(expiringAt: 500), now: 100)
        #expect(table.count == 2)
        #expect(table.claims(for: "live") != nil && table.claims(for: "new") != nil)
        for index in 0..<10 { table.remember("more-\(index)", claims: claims(expiringAt: 500), now: 100) }
        #expect(table.count <= 3)
    }

    @Test func bearerTokensLoseTheirSurroundingBlanks() {
        #expect(RequestAuthenticator.trimmingBlanks(" \tabc.def.ghi \t") == "abc.def.ghi")
        #expect(RequestAuthenticator.trimmingBlanks("abc") == "abc")
        #expect(RequestAuthenticator.trimmingBlanks(" \t ").isEmpty)
    }
}
