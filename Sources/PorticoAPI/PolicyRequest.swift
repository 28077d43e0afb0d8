/// A policy request as ConsoleMe's `ExtendedRequestModel` shows it (`GET /api/v2/requests/{id}`
/// carries it as a JSON string, the creation response as an object). Portico adds `revision`
/// (incremented on every write; every write is conditional on it), `last_updated`,
/// `self_approved` (an admin's `admin_auto_approve`, recorded as such) and the apply claim.
public struct PolicyRequest: Codable, Sendable, Hashable {
    /// Where a request stands (`expired`: a temporary grant ended and was removed).
    public enum Status: String, Codable, Sendable {
        case pending, approved, rejected, cancelled, expired
    }

    public var id: String
    public var requestURL: String?
    public var principal: PolicyRequestPrincipal
    /// ISO 8601 creation time.
    public var timestamp: String
    public var justification: String?
    public var requesterEmail: String
    public var approvers: [String]
    public var requestStatus: Status
    public var crossAccount: Bool
    public var arnURL: String?
    public var adminAutoApprove: Bool
    public var changes: PolicyRequestChanges
    public var requesterInfo: RequesterInfo
    public var reviewer: String?
    public var comments: [PolicyRequestComment]
    public var revision: Int
    public var lastUpdated: Int
    public var selfApproved: Bool?
    /// Set while a reviewer's apply is under way (who, and since when in epoch seconds): a
    /// second apply is refused until it ends or goes stale.
    public var applyingBy: String?
    public var applyingSince: Int?

    /// `{"email", "extended_info", "details_url", "photo_url"}`.
    public struct RequesterInfo: Codable, Sendable, Hashable {
        public var email: String
        public init(email: String) { self.email = email }
    }

    public init(
        id: String, principal: PolicyRequestPrincipal, timestamp: String, justification: String?, requesterEmail: String,
        status: Status, changes: [PolicyRequestChange], lastUpdated: Int
    ) {
        self.id = id
        self.requestURL = "/policies/request/\(id)"
        self.principal = principal
        self.timestamp = timestamp
        self.justification = justification
        self.requesterEmail = requesterEmail
        self.approvers = []
        self.requestStatus = status
        self.crossAccount = false
        self.adminAutoApprove = false
        self.changes = PolicyRequestChanges(changes: changes)
        self.requesterInfo = RequesterInfo(email: requesterEmail)
        self.comments = []
        self.revision = 0
        self.lastUpdated = lastUpdated
    }

    enum CodingKeys: String, CodingKey {
        case id, principal, timestamp, justification, approvers, changes, reviewer, comments, revision
        case requestURL = "request_url"
        case requesterEmail = "requester_email"
        case requestStatus = "request_status"
        case crossAccount = "cross_account"
        case arnURL = "arn_url"
        case adminAutoApprove = "admin_auto_approve"
        case requesterInfo = "requester_info"
        case lastUpdated = "last_updated"
        case selfApproved = "self_approved"
        case applyingBy = "applying_by"
        case applyingSince = "applying_since"
    }
}

/// A comment on a request: `{"id", "timestamp", "edited", "last_modified", "user_email", "text"}`.
public struct PolicyRequestComment: Codable, Sendable, Hashable {
    public var id: String
    public var timestamp: String
    public var edited: Bool
    public var lastModified: String?
    public var userEmail: String
    public var text: String

    public init(id: String, timestamp: String, userEmail: String, text: String) {
        self.id = id
        self.timestamp = timestamp
        self.edited = false
        self.userEmail = userEmail
        self.text = text
    }

    enum CodingKeys: String, CodingKey {
        case id, timestamp, edited, text
        case lastModified = "last_modified"
        case userEmail = "user_email"
    }
}
