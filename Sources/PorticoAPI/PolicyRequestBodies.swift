public import PorticoCore

/// `POST /api/v2/request`: ConsoleMe's `RequestCreationModel`
/// `{"justification", "dry_run", "admin_auto_approve", "changes": {"changes": [...]}}`.
public struct PolicyRequestCreation: Codable, Sendable, Hashable {
    public var justification: String?
    public var dryRun: Bool?
    public var adminAutoApprove: Bool?
    public var changes: PolicyRequestChanges

    public init(justification: String?, changes: [PolicyRequestChange], dryRun: Bool = false, adminAutoApprove: Bool = false) {
        self.justification = justification
        self.changes = PolicyRequestChanges(changes: changes)
        self.dryRun = dryRun
        self.adminAutoApprove = adminAutoApprove
    }

    enum CodingKeys: String, CodingKey {
        case justification, changes
        case dryRun = "dry_run"
        case adminAutoApprove = "admin_auto_approve"
    }
}

/// One outcome of a command or an apply: `{"status": "success"|"error", "message"}`.
public struct PolicyRequestActionResult: Codable, Sendable, Hashable {
    public var status: String
    public var message: String

    public init(status: String, message: String) {
        self.status = status
        self.message = message
    }

    public static func success(_ message: String) -> Self { Self(status: "success", message: message) }
    public static func error(_ message: String) -> Self { Self(status: "error", message: message) }
}

/// The answer to `POST /api/v2/request`: `{"errors", "request_created", "request_id",
/// "request_url", "action_results", "extended_request"}`. With `dry_run` nothing is stored
/// and `request_created` is false.
public struct PolicyRequestCreationResponse: Codable, Sendable, Hashable {
    public var errors: Int
    public var requestCreated: Bool
    public var requestID: String?
    public var requestURL: String?
    public var actionResults: [PolicyRequestActionResult]?
    public var extendedRequest: PolicyRequest

    public init(
        errors: Int, requestCreated: Bool, requestID: String?, requestURL: String?,
        actionResults: [PolicyRequestActionResult]?, extendedRequest: PolicyRequest
    ) {
        self.errors = errors
        self.requestCreated = requestCreated
        self.requestID = requestID
        self.requestURL = requestURL
        self.actionResults = actionResults
        self.extendedRequest = extendedRequest
    }

    enum CodingKeys: String, CodingKey {
        case errors
        case requestCreated = "request_created"
        case requestID = "request_id"
        case requestURL = "request_url"
        case actionResults = "action_results"
        case extendedRequest = "extended_request"
    }
}

/// `GET /api/v2/requests/{id}`: `{"request": "<the request as a JSON string>", "last_updated",
/// "request_config": {"can_approve_reject", "can_update_cancel", "can_move_back_to_pending"}}`.
public struct PolicyRequestDetail: Codable, Sendable, Hashable {
    public var request: String
    public var lastUpdated: Int
    public var requestConfig: Config

    /// What the caller may do with the request.
    public struct Config: Codable, Sendable, Hashable {
        public var canApproveReject: Bool
        public var canUpdateCancel: Bool
        public var canMoveBackToPending: Bool

        public init(canApproveReject: Bool, canUpdateCancel: Bool, canMoveBackToPending: Bool) {
            self.canApproveReject = canApproveReject
            self.canUpdateCancel = canUpdateCancel
            self.canMoveBackToPending = canMoveBackToPending
        }

        enum CodingKeys: String, CodingKey {
            case canApproveReject = "can_approve_reject"
            case canUpdateCancel = "can_update_cancel"
            case canMoveBackToPending = "can_move_back_to_pending"
        }
    }

    public init(request: String, lastUpdated: Int, requestConfig: Config) {
        self.request = request
        self.lastUpdated = lastUpdated
        self.requestConfig = requestConfig
    }

    enum CodingKeys: String, CodingKey {
        case request
        case lastUpdated = "last_updated"
        case requestConfig = "request_config"
    }
}

/// `PUT /api/v2/requests/{id}`: `{"modification_model": {"command", ...}}`.
public struct PolicyRequestModification: Codable, Sendable, Hashable {
    public var modificationModel: Command

    /// One command and its fields (`comment_text`, `change_id`, `policy_document`, `expires_at`).
    public struct Command: Codable, Sendable, Hashable {
        public var command: String
        public var commentText: String?
        public var changeID: String?
        public var policyDocument: JSONValue?
        public var expiresAt: String?

        public init(command: String, commentText: String? = nil, changeID: String? = nil, policyDocument: JSONValue? = nil, expiresAt: String? = nil) {
            self.command = command
            self.commentText = commentText
            self.changeID = changeID
            self.policyDocument = policyDocument
            self.expiresAt = expiresAt
        }

        enum CodingKeys: String, CodingKey {
            case command
            case commentText = "comment_text"
            case changeID = "change_id"
            case policyDocument = "policy_document"
            case expiresAt = "expires_at"
        }
    }

    public init(_ command: Command) { modificationModel = command }

    enum CodingKeys: String, CodingKey {
        case modificationModel = "modification_model"
    }
}

/// The answer to `PUT /api/v2/requests/{id}`: `{"errors", "action_results"}`, plus the request as
/// it now stands (`request`; on a 409 the current request the loser should look at).
public struct PolicyRequestModificationResponse: Codable, Sendable, Hashable {
    public var errors: Int
    public var actionResults: [PolicyRequestActionResult]
    public var request: PolicyRequest?

    public init(errors: Int, actionResults: [PolicyRequestActionResult], request: PolicyRequest?) {
        self.errors = errors
        self.actionResults = actionResults
        self.request = request
    }

    enum CodingKeys: String, CodingKey {
        case errors, request
        case actionResults = "action_results"
    }
}

/// ConsoleMe's v2 error body (`application/problem+json`): `{"status", "title", "message"}`;
/// Portico adds `request` on 409 (the current request).
public struct PolicyRequestProblem: Codable, Sendable, Hashable, Error {
    public var status: Int
    public var title: String
    public var message: String
    public var request: PolicyRequest?

    public init(status: Int, title: String, message: String, request: PolicyRequest? = nil) {
        self.status = status
        self.title = title
        self.message = message
        self.request = request
    }

    public static func badRequest(_ message: String) -> Self {
        Self(status: 400, title: "Bad Request", message: "Error validating input: \(message)")
    }
    public static func forbidden(_ message: String) -> Self { Self(status: 403, title: "Forbidden", message: message) }
    public static func notFound(_ message: String) -> Self { Self(status: 404, title: "Not Found", message: message) }
    public static func conflict(_ message: String, current: PolicyRequest?) -> Self {
        Self(status: 409, title: "Conflict", message: message, request: current)
    }
}
