import Foundation

/// A body of `POST /api/v2/roles` or `POST /api/v2/clone/role` that was refused, naming the
/// field that was wrong, so the route answers `400` with `"<field>: <reason>"`.
struct RoleBodyError: Error, Equatable, CustomStringConvertible {
    var field: String
    var reason: String

    var description: String { "\(field): \(reason)" }
}

/// Checks shared by the role-writing bodies (ConsoleMe's rules: a 12-digit account, an IAM role name).
enum RoleBodyChecks {
    /// An AWS account id: exactly 12 digits.
    static func accountID(_ value: Any?, _ field: String) throws -> String {
        guard let text = value as? String, text.count == 12, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw RoleBodyError(field: field, reason: "must be a 12-digit account id")
        }
        return text
    }

    /// An IAM role name: 1 to 64 of `A-Za-z0-9+=,.@_-`.
    static func roleName(_ value: Any?, _ field: String) throws -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=,.@_-")
        guard let text = value as? String, (1...64).contains(text.count), text.allSatisfy({ allowed.contains($0) }) else {
            throw RoleBodyError(field: field, reason: "must be 1 to 64 characters of A-Z a-z 0-9 + = , . @ _ -")
        }
        return text
    }

    /// An optional string field (absent or `null` is `nil`).
    static func optionalString(_ value: Any?, _ field: String) throws -> String? {
        if value == nil || value is NSNull { return nil }
        guard let text = value as? String else { throw RoleBodyError(field: field, reason: "must be a string") }
        return text
    }

    /// An optional boolean field (absent or `null` is `defaultValue`).
    static func bool(_ value: Any?, _ field: String, default defaultValue: Bool) throws -> Bool {
        if value == nil || value is NSNull { return defaultValue }
        guard let number = value as? NSNumber, String(cString: number.objCType) == "c" else {
            throw RoleBodyError(field: field, reason: "must be true or false")
        }
        return number.boolValue
    }

    /// The body as a JSON object.
    static func object(_ body: Data) throws -> [String: Any] {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            throw RoleBodyError(field: "body", reason: "must be a JSON object")
        }
        return object
    }
}

/// `POST /api/v2/roles`: `{account_id, role_name, description?, instance_profile?}` (ConsoleMe's
/// `RoleCreationRequestModel`; `instance_profile` defaults to true).
struct RoleCreationBody: Equatable {
    var accountID: String
    var roleName: String
    var description: String?
    var instanceProfile: Bool

    init(accountID: String, roleName: String, description: String?, instanceProfile: Bool) {
        self.accountID = accountID
        self.roleName = roleName
        self.description = description
        self.instanceProfile = instanceProfile
    }

    /// Parses and checks a body; a wrong field throws `RoleBodyError` naming it.
    init(json body: Data) throws {
        let object = try RoleBodyChecks.object(body)
        accountID = try RoleBodyChecks.accountID(object["account_id"], "account_id")
        roleName = try RoleBodyChecks.roleName(object["role_name"], "role_name")
        description = try RoleBodyChecks.optionalString(object["description"], "description")
        instanceProfile = try RoleBodyChecks.bool(object["instance_profile"], "instance_profile", default: true)
    }
}

/// `POST /api/v2/clone/role`: `{account_id, role_name, dest_account_id, dest_role_name, options:
/// {assume_role_policy, tags, copy_description, description, inline_policies, managed_policies,
/// max_session_duration}}` (ConsoleMe's `CloneRoleRequestModel`; every option defaults to false).
/// The permissions boundary is always kept, as ConsoleMe does.
struct RoleCloneBody: Equatable {
    var accountID: String
    var roleName: String
    var destinationAccountID: String
    var destinationRoleName: String
    var options: Options

    /// What the clone copies from the source role.
    struct Options: Equatable {
        var assumeRolePolicy = false
        var tags = false
        var copyDescription = false
        /// The clone's description when `copyDescription` is false.
        var description: String?
        var inlinePolicies = false
        var managedPolicies = false
        var maxSessionDuration = false
    }

    /// Parses and checks a body; a wrong field throws `RoleBodyError` naming it.
    init(json body: Data) throws {
        let object = try RoleBodyChecks.object(body)
        accountID = try RoleBodyChecks.accountID(object["account_id"], "account_id")
        roleName = try RoleBodyChecks.roleName(object["role_name"], "role_name")
        destinationAccountID = try RoleBodyChecks.accountID(object["dest_account_id"], "dest_account_id")
        destinationRoleName = try RoleBodyChecks.roleName(object["dest_role_name"], "dest_role_name")
        guard let raw = object["options"] as? [String: Any] else {
            throw RoleBodyError(field: "options", reason: "must be an object")
        }
        var options = Options()
        options.assumeRolePolicy = try RoleBodyChecks.bool(raw["assume_role_policy"], "options.assume_role_policy", default: false)
        options.tags = try RoleBodyChecks.bool(raw["tags"], "options.tags", default: false)
        options.copyDescription = try RoleBodyChecks.bool(raw["copy_description"], "options.copy_description", default: false)
        options.description = try RoleBodyChecks.optionalString(raw["description"], "options.description")
        options.inlinePolicies = try RoleBodyChecks.bool(raw["inline_policies"], "options.inline_policies", default: false)
        options.managedPolicies = try RoleBodyChecks.bool(raw["managed_policies"], "options.managed_policies", default: false)
        options.maxSessionDuration = try RoleBodyChecks.bool(raw["max_session_duration"], "options.max_session_duration", default: false)
        self.options = options
    }
}
