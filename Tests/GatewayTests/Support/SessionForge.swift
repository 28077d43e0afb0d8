import Foundation
@testable import Gateway
import PorticoCrypto

/// Session tokens signed with the test gateways' session secret, dated as a test needs (an old
/// sign-in, groups resolved long ago), to stand for sessions that have lived a while.
enum SessionForge {
    static let tokens = SessionTokens(secret: TestConfiguration.sessionSecret, lifetime: .seconds(3600))

    static var now: Int64 { Int64(Date().timeIntervalSince1970) }

    /// A token for `email` issued now, expiring in an hour, whose sign-in and groups are as old
    /// as given (seconds).
    static func token(
        _ email: String = "alice@example.com", groups: [String] = ["engineering@example.com"],
        audience: SessionClaims.Audience = .browser, signedInSecondsAgo: Int64, groupsSecondsAgo: Int64? = nil,
        sessionID: String = "forged-\(UUID().uuidString)"
    ) throws -> String {
        let now = now
        return try tokens.sign(SessionClaims(
            subject: email, groups: groups, issuedAt: now, expiresAt: now + 3600, sessionID: sessionID, audience: audience,
            signedInAt: now - signedInSecondsAgo, groupsResolvedAt: now - (groupsSecondsAgo ?? signedInSecondsAgo)))
    }

    /// The claims a session token carries (read without checking it).
    static func claims(of token: String) throws -> [String: Any] {
        let parts = token.split(separator: ".")
        guard parts.count == 3, let payload = Base64URL.decode(String(parts[1])),
              let object = try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any]
        else { throw Unreadable() }
        return object
    }

    struct Unreadable: Error {}
}
