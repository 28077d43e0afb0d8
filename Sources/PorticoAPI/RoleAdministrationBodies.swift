/// `POST /api/v2/roles` and `POST /api/v2/clone/role`'s answer, in ConsoleMe's shape:
/// `{"errors": <failed steps>, "role_created": "true"|"false", "action_results": [...]}`
/// (`role_created` is a string, as ConsoleMe sends it), plus the new role's `arn`.
public struct RoleCreationAnswer: Codable, Sendable, Hashable {
    public var errors: Int
    public var roleCreated: String
    public var actionResults: [ActionResult]
    public var arn: String

    /// One IAM step: `{"status": "success"|"error", "message"}`.
    public struct ActionResult: Codable, Sendable, Hashable {
        public var status: String
        public var message: String

        public init(succeeded: Bool, message: String) {
            status = succeeded ? "success" : "error"
            self.message = message
        }
    }

    public init(arn: String, actionResults: [ActionResult]) {
        self.arn = arn
        self.actionResults = actionResults
        errors = actionResults.filter { $0.status != "success" }.count
        roleCreated = "true"
    }

    enum CodingKeys: String, CodingKey {
        case errors, arn
        case roleCreated = "role_created"
        case actionResults = "action_results"
    }
}

/// `DELETE /api/v2/roles/{account}/{name}`'s answer, in ConsoleMe's shape:
/// `{"status": "success", "message": "Successfully deleted role from account", "role", "account"}`,
/// plus every IAM step under `action_results`.
public struct RoleDeletionAnswer: Codable, Sendable, Hashable {
    public var status: String
    public var message: String
    public var role: String
    public var account: String
    public var actionResults: [RoleCreationAnswer.ActionResult]

    public init(role: String, account: String, actionResults: [RoleCreationAnswer.ActionResult]) {
        status = "success"
        message = "Successfully deleted role from account"
        self.role = role
        self.account = account
        self.actionResults = actionResults
    }

    enum CodingKeys: String, CodingKey {
        case status, message, role, account
        case actionResults = "action_results"
    }
}
