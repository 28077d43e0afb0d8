/// The answer of `GET /noauth/v1/challenge_generator/{user}` (Weep's CLI login): open
/// `challengeURL` in a browser to approve, and poll `pollingURL` until it answers success.
public struct ChallengeGenerated: Codable, Sendable, Hashable {
    public var challengeURL: String
    public var pollingURL: String

    public init(challengeURL: String, pollingURL: String) {
        self.challengeURL = challengeURL
        self.pollingURL = pollingURL
    }

    enum CodingKeys: String, CodingKey {
        case challengeURL = "challenge_url"
        case pollingURL = "polling_url"
    }
}

/// The answer of `GET /noauth/v1/challenge_poller/{token}`: `{"status": "pending"}` until the
/// login is approved, then once `{"status": "success", "cookie_name", "expiration",
/// "encoded_jwt", "user", "secure", "http_only", "same_site"}` (what Weep stores), afterwards
/// (or once expired) `404 {"status": "unknown", "message"}`. `encodedJWT` is the session: use it
/// as `Authorization: Bearer` or as the cookie `cookieName`, and never log it.
public struct ChallengePollResponse: Codable, Sendable, Hashable {
    /// Still waiting for the browser's approval.
    public static let pending = "pending"
    /// Approved: the session fields are present.
    public static let success = "success"
    /// No such challenge (expired, or already polled after approval).
    public static let unknown = "unknown"

    /// `pending`, `success` or `unknown`.
    public var status: String
    public var message: String?
    public var cookieName: String?
    /// When the session ends, in seconds since 1970.
    public var expiration: Int64?
    public var encodedJWT: String?
    public var user: String?
    /// How to store the cookie: `Secure`, `HttpOnly`, and Go's `http.SameSite` (2 is Lax).
    public var secure: Bool?
    public var httpOnly: Bool?
    public var sameSite: Int?

    public init(
        status: String, message: String? = nil, cookieName: String? = nil, expiration: Int64? = nil,
        encodedJWT: String? = nil, user: String? = nil, secure: Bool? = nil, httpOnly: Bool? = nil, sameSite: Int? = nil
    ) {
        self.status = status
        self.message = message
        self.cookieName = cookieName
        self.expiration = expiration
        self.encodedJWT = encodedJWT
        self.user = user
        self.secure = secure
        self.httpOnly = httpOnly
        self.sameSite = sameSite
    }

    /// The approved login's session, as the poller hands it out once.
    public static func succeeded(cookieName: String, expiration: Int64, encodedJWT: String, user: String, secure: Bool)
        -> ChallengePollResponse
    {
        ChallengePollResponse(
            status: success, cookieName: cookieName, expiration: expiration, encodedJWT: encodedJWT, user: user,
            secure: secure, httpOnly: true, sameSite: 2)
    }

    enum CodingKeys: String, CodingKey {
        case status, message
        case cookieName = "cookie_name"
        case expiration
        case encodedJWT = "encoded_jwt"
        case user, secure
        case httpOnly = "http_only"
        case sameSite = "same_site"
    }
}

/// The answer of `GET /api/v2/challenge_validator/{token}` asked for `application/json`: whose
/// login it is and whether it is still `pending` or already `approved`.
public struct ChallengeView: Codable, Sendable, Hashable {
    public var user: String
    public var status: String
    /// The address the CLI asked from, when known (the web UI shows who asks from where).
    public var address: String?

    public init(user: String, status: String, address: String? = nil) {
        self.user = user
        self.status = status
        self.address = address
    }
}

/// The answer of `POST /api/v2/challenge_validator/{token}` once the login is approved.
public struct ChallengeApproved: Codable, Sendable, Hashable {
    public var status: String
    public var message: String

    public init(status: String = "success", message: String = "The CLI is signed in; you may close this page.") {
        self.status = status
        self.message = message
    }
}
