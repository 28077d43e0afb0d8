/// Who made a request, as the gateway established it: the person's email, the groups their
/// token claimed, and how they proved it. Routes read it from `GatewayRequestContext.identity`.
public struct Identity: Sendable, Hashable {
    /// How the caller authenticated.
    public enum Method: String, Sendable, Hashable {
        /// Portico's session JWT in the session cookie (a browser, or Weep with its cookie jar).
        case sessionCookie = "cookie"
        /// Portico's session JWT in `Authorization: Bearer` (the `portico` CLI, scripts).
        case bearer
        /// The ALB's `x-amzn-oidc-data` token; a session cookie is issued with the response.
        case albToken = "alb"
    }

    /// The user's email address (the session's `sub`).
    public var email: String
    /// Groups from the sign-in token's claims (AuthService adds directory and config groups).
    public var groups: [String]
    public var method: Method
    /// The id of the Portico session this request belongs to (the CSRF token is bound to it).
    public var sessionID: String
    /// Who the session was issued to: a browser (ALB sign-in) or a CLI (challenge login).
    public var audience: SessionClaims.Audience
    /// When the person signed in through the ALB or the development sign-in (seconds since the
    /// epoch); a CLI session has its approver's.
    public var signedInAt: Int64
    /// When the session's groups were last resolved (seconds since the epoch).
    public var groupsResolvedAt: Int64
    /// When the session expires (seconds since the epoch).
    public var expiresAt: Int64

    public init(
        email: String, groups: [String], method: Method, sessionID: String, audience: SessionClaims.Audience,
        signedInAt: Int64 = 0, groupsResolvedAt: Int64 = 0, expiresAt: Int64 = 0
    ) {
        self.email = email
        self.groups = groups
        self.method = method
        self.sessionID = sessionID
        self.audience = audience
        self.signedInAt = signedInAt
        self.groupsResolvedAt = groupsResolvedAt
        self.expiresAt = expiresAt
    }

    /// Whether a state-changing request must carry the CSRF token: whenever the browser could
    /// have attached the credential by itself (the session cookie of a browser session, or the
    /// ALB's own cookie behind the `x-amzn-oidc-data` header). A bearer header is never sent by
    /// a browser on its own, and a CLI session's cookie only ever lives in a CLI's cookie jar.
    public var needsCSRFToken: Bool {
        switch method {
        case .bearer: false
        case .albToken: true
        case .sessionCookie: audience == .browser
        }
    }
}
