public import PorticoConfig
import Yams

/// The keys Portico reads from the dynamic configuration (ConsoleMe's `dynamic_config`), and the
/// check an edit must pass before it is stored: YAML that parses, a mapping at the top, no
/// unknown key, every value of the right type. A failure names the key path
/// (`group_mapping.ops.roles[1]`).
public enum DynamicConfigSchema {
    /// Why a text is not a dynamic configuration.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        /// The key path at fault; empty for the document itself.
        public let path: String
        public let reason: String
        public var description: String { path.isEmpty ? reason : "\(path): \(reason)" }
    }

    /// The rights `groups` may grant.
    public static let rights: Set<String> = [
        "can_admin", "can_admin_policies", "can_create_roles", "can_edit_config", "can_delete_iam_principals",
        "can_delete_roles", "can_bypass_contractor_restrictions",
    ]

    /// The top-level keys and what each holds.
    public static let topLevelKeys: Set<String> = [
        "group_mapping", "groups", "permission_templates", "auto_approve", "account_ids_to_name", "role_cache",
        "custom_headers_for_group_members", "dynamo_load_interval",
    ]

    /// Parses and checks `text`; the empty text is the empty configuration.
    public static func validate(_ text: String) throws(Invalid) -> DynamicConfigDocument {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw Invalid(path: "", reason: "not YAML: \(String(describing: error).prefix(300))")
        }
        guard let node else { return DynamicConfigDocument() }
        guard let top = node.mapping else { throw Invalid(path: "", reason: "must be a mapping of keys") }
        // The typed entries (templates, auto-approval rules) are read from the same text as
        // configuration values, so the file and the dynamic configuration share one check.
        let values: ConfigValue
        do {
            values = try ConfigValue.parse(yaml: text, source: "dynamic configuration")
        } catch {
            throw Invalid(path: "", reason: "\(error)")
        }
        var document = DynamicConfigDocument()
        for (keyNode, value) in top {
            guard let key = keyNode.string else { throw Invalid(path: "", reason: "keys must be text") }
            switch key {
            case "group_mapping":
                for (name, grant) in try mapping(value, key) {
                    let path = "group_mapping.\(name)"
                    var roles: [String] = []
                    var cliOnly: [String] = []
                    for (field, list) in try mapping(grant, path) {
                        switch field {
                        case "roles": roles = try strings(list, "\(path).roles", arns: true)
                        case "cli_only_roles": cliOnly = try strings(list, "\(path).cli_only_roles", arns: true)
                        default: throw Invalid(path: "\(path).\(field)", reason: "unknown key (roles, cli_only_roles)")
                        }
                    }
                    document.groupMapping[name] = .init(roles: roles, cliOnlyRoles: cliOnly)
                }
            case "groups":
                for (right, list) in try mapping(value, key) {
                    guard rights.contains(right) else {
                        throw Invalid(path: "groups.\(right)", reason: "unknown key (\(rights.sorted().joined(separator: ", ")))")
                    }
                    document.groups[right] = try strings(list, "groups.\(right)")
                }
            case "account_ids_to_name":
                for (account, name) in try mapping(value, key) {
                    guard account.utf8.count == 12, account.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
                        throw Invalid(path: "account_ids_to_name.\(account)", reason: "not a 12-digit account id")
                    }
                    guard let text = name.scalarText else { throw Invalid(path: "account_ids_to_name.\(account)", reason: "must be text") }
                    document.accountNames[account] = text
                }
            case "permission_templates":
                do throws(SelfServiceSettingProblem) {
                    document.permissionTemplates = try SelfServiceSettings.permissionTemplates(values[key] ?? .null, path: key)
                } catch {
                    throw Invalid(path: error.path, reason: "expected \(error.expected), found \(error.found)")
                }
            case "auto_approve":
                do throws(SelfServiceSettingProblem) {
                    document.autoApprove = try SelfServiceSettings.autoApproveRules(values[key] ?? .null, path: key)
                } catch {
                    throw Invalid(path: error.path, reason: "expected \(error.expected), found \(error.found)")
                }
            case "custom_headers_for_group_members":
                guard let items = value.sequence else { throw Invalid(path: key, reason: "must be a list") }
                for (index, item) in items.enumerated() {
                    for (field, fieldValue) in try mapping(item, "\(key)[\(index)]") where fieldValue.scalarText == nil {
                        throw Invalid(path: "\(key)[\(index)].\(field)", reason: "must be text")
                    }
                }
            case "role_cache":
                _ = try mapping(value, key)
            case "dynamo_load_interval":
                guard let seconds = value.scalarText.flatMap({ Int($0) }), seconds > 0 else {
                    throw Invalid(path: key, reason: "must be a whole number of seconds above 0")
                }
                document.loadIntervalSeconds = seconds
            default:
                throw Invalid(path: key, reason: "unknown key (\(topLevelKeys.sorted().joined(separator: ", ")))")
            }
        }
        return document
    }

    private static func mapping(_ node: Node, _ path: String) throws(Invalid) -> [(String, Node)] {
        guard let mapping = node.mapping else { throw Invalid(path: path, reason: "must be a mapping") }
        var result: [(String, Node)] = []
        for (key, value) in mapping {
            guard let text = key.string else { throw Invalid(path: path, reason: "keys must be text") }
            result.append((text, value))
        }
        return result
    }

    private static func strings(_ node: Node, _ path: String, arns: Bool = false) throws(Invalid) -> [String] {
        guard let items = node.sequence else { throw Invalid(path: path, reason: "must be a list of text") }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard let text = item.scalarText else { throw Invalid(path: "\(path)[\(index)]", reason: "must be text") }
            if arns, !(text.hasPrefix("arn:aws") && text.contains(":role/")) {
                throw Invalid(path: "\(path)[\(index)]", reason: "not a role ARN")
            }
            result.append(text)
        }
        return result
    }
}

extension Node {
    /// The text of a scalar; nil for mappings and lists.
    var scalarText: String? { scalar?.string }
}

/// The dynamic configuration as Portico uses it (what `DynamicConfigSchema.validate` read).
public struct DynamicConfigDocument: Sendable, Equatable {
    /// A group's (or user's) roles.
    public struct Grant: Sendable, Equatable {
        public var roles: [String]
        public var cliOnlyRoles: [String]
        public init(roles: [String] = [], cliOnlyRoles: [String] = []) {
            self.roles = roles
            self.cliOnlyRoles = cliOnlyRoles
        }
    }

    public var groupMapping: [String: Grant] = [:]
    /// Right (`can_admin`, …) → users and groups.
    public var groups: [String: [String]] = [:]
    public var accountNames: [String: String] = [:]
    public var loadIntervalSeconds: Int?
    /// `permission_templates`: shown before the file's, replacing them by key.
    public var permissionTemplates: [PermissionTemplate] = []
    /// `auto_approve.rules`: replacing the file's `policies.auto_approve.rules` by name.
    public var autoApprove: [AutoApproveRuleSetting] = []

    public init() {}
}
