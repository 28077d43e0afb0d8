/// The answer of `POST /api/v2/logout`: the caller's session is ended on every replica and its
/// cookie cleared.
public struct LoggedOut: Codable, Sendable, Hashable {
    public var status: String
    public var message: String

    public init(status: String = "success", message: String = "signed out") {
        self.status = status
        self.message = message
    }
}

/// The answer of `DELETE /api/v2/sessions/{user}` (`can_admin` only): every session of `user`
/// signed in up to `revokedBefore` (seconds since 1970) is ended.
public struct SessionsRevoked: Codable, Sendable, Hashable {
    public var status: String
    public var user: String
    public var revokedBefore: Int64

    public init(user: String, revokedBefore: Int64, status: String = "success") {
        self.status = status
        self.user = user
        self.revokedBefore = revokedBefore
    }

    enum CodingKeys: String, CodingKey {
        case status, user
        case revokedBefore = "revoked_before"
    }
}
