/// The answer of `GET /api/v2/role_login/{role}?r=&redirect=`: `{"type": "redirect",
/// "redirect_url": <console sign-in URL>, "reason": "console_login", "role": <ARN>}`. The URL
/// signs in whoever opens it: never log it.
public struct RoleLoginResponse: Codable, Sendable, Hashable {
    public var type: String
    public var redirectURL: String
    public var reason: String
    /// The role signed in to (the ARN the request matched).
    public var role: String

    /// A console sign-in to `role` through `redirectURL`.
    public init(redirectURL: String, role: String) {
        type = "redirect"
        reason = "console_login"
        self.redirectURL = redirectURL
        self.role = role
    }

    enum CodingKeys: String, CodingKey {
        case type
        case redirectURL = "redirect_url"
        case reason, role
    }
}
