/// What Portico's own session JWT says: who, which groups, when it was issued and expires, its
/// random session id, and whom it was issued to.
public struct SessionClaims: Sendable, Hashable {
    /// Whom a session was issued to. Only a browser session's cookie needs CSRF protection.
    public enum Audience: String, Sendable, Hashable, CaseIterable {
        /// Signed in through the ALB (or the development sign-in); lives in the browser's cookie.
        case browser = "portico:browser"
        /// Issued to a CLI through the challenge login; lives in the CLI's own storage.
        case cli = "portico:cli"
    }

    /// The user's email (`sub`).
    public var subject: String
    public var groups: [String]
    /// Seconds since the epoch (`iat`).
    public var issuedAt: Int64
    /// Seconds since the epoch (`exp`).
    public var expiresAt: Int64
    /// Random, unique per session (`sid`).
    public var sessionID: String
    /// `aud`.
    public var audience: Audience
}

extension SessionClaims: Codable {
    private enum CodingKeys: String, CodingKey {
        case issuer = "iss", subject = "sub", groups, issuedAt = "iat", expiresAt = "exp", sessionID = "sid"
        case audience = "aud"
    }

    /// The `iss` of every session token.
    static let issuer = "portico"

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard try container.decode(String.self, forKey: .issuer) == Self.issuer else {
            throw DecodingError.dataCorruptedError(forKey: .issuer, in: container, debugDescription: "not a Portico session")
        }
        subject = try container.decode(String.self, forKey: .subject)
        groups = try container.decode([String].self, forKey: .groups)
        issuedAt = try container.decode(Int64.self, forKey: .issuedAt)
        expiresAt = try container.decode(Int64.self, forKey: .expiresAt)
        sessionID = try container.decode(String.self, forKey: .sessionID)
        audience = try container.decode(Audience.self, forKey: .audience)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.issuer, forKey: .issuer)
        try container.encode(subject, forKey: .subject)
        try container.encode(groups, forKey: .groups)
        try container.encode(issuedAt, forKey: .issuedAt)
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encode(sessionID, forKey: .sessionID)
        try container.encode(audience, forKey: .audience)
    }
}

extension SessionClaims.Audience: Codable {}
