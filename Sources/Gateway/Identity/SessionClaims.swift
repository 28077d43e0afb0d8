/// What Portico's own session JWT says: who, which groups, when it was issued and expires, its
/// session id, whom it was issued to, when the sign-in it descends from happened and when its
/// groups were last resolved.
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
    /// The groups the sign-in token claimed (AuthService adds directory and config groups).
    public var groups: [String]
    /// Seconds since the epoch (`iat`).
    public var issuedAt: Int64
    /// Seconds since the epoch (`exp`).
    public var expiresAt: Int64
    /// Unique per session (`sid`): random, or derived from the ALB token that started it.
    public var sessionID: String
    /// `aud`.
    public var audience: Audience
    /// When the person signed in through the ALB or the development sign-in (`auth_time`, seconds
    /// since the epoch). Renewals and CLI logins keep it; no session lives past
    /// `auth.session.max_lifetime_minutes` after it.
    public var signedInAt: Int64
    /// When the groups were last resolved (`groups_at`, seconds since the epoch): at sign-in, then
    /// at each refresh through AuthService.
    public var groupsResolvedAt: Int64

    /// - Parameters: `signedInAt` and `groupsResolvedAt` default to `issuedAt` (a fresh sign-in).
    public init(
        subject: String, groups: [String], issuedAt: Int64, expiresAt: Int64, sessionID: String, audience: Audience,
        signedInAt: Int64? = nil, groupsResolvedAt: Int64? = nil
    ) {
        self.subject = subject
        self.groups = groups
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.sessionID = sessionID
        self.audience = audience
        self.signedInAt = signedInAt ?? issuedAt
        self.groupsResolvedAt = groupsResolvedAt ?? issuedAt
    }
}

extension SessionClaims: Codable {
    private enum CodingKeys: String, CodingKey {
        case issuer = "iss", subject = "sub", groups, issuedAt = "iat", expiresAt = "exp", sessionID = "sid"
        case audience = "aud", signedInAt = "auth_time", groupsResolvedAt = "groups_at"
    }

    /// The `iss` of every session token.
    static let issuer = "portico"

    /// A token without `auth_time` or `groups_at` (issued before sessions ended) is refused: its
    /// sign-in cannot be dated.
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
        signedInAt = try container.decode(Int64.self, forKey: .signedInAt)
        groupsResolvedAt = try container.decode(Int64.self, forKey: .groupsResolvedAt)
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
        try container.encode(signedInAt, forKey: .signedInAt)
        try container.encode(groupsResolvedAt, forKey: .groupsResolvedAt)
    }
}

extension SessionClaims.Audience: Codable {}
