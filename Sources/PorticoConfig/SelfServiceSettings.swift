public import PorticoCore

/// A policy template the editor offers (ConsoleMe's `permission_templates` entry): `key`
/// identifies it (a dynamic configuration entry with the same key replaces a static one),
/// `text` is what the editor shows, `value` the policy document as JSON text.
public struct PermissionTemplate: Sendable, Hashable {
    public var key: String
    public var text: String
    /// The policy document, JSON text.
    public var value: String

    public init(key: String, text: String, value: String) {
        self.key = key
        self.text = text
        self.value = value
    }

    /// `dynamic` first, then each of `fixed` whose key `dynamic` does not have (ConsoleMe's order).
    public static func merged(dynamic: [PermissionTemplate], fixed: [PermissionTemplate]) -> [PermissionTemplate] {
        let keys = Set(dynamic.map(\.key))
        return dynamic + fixed.filter { !keys.contains($0.key) }
    }
}

/// An auto-approval rule as configured (`policies.auto_approve.rules[]` or the dynamic
/// configuration's `auto_approve.rules[]`); the request service turns it into IAMPolicy's
/// `AutoApprovalRule`. Every field was checked when it was read.
public struct AutoApproveRuleSetting: Sendable, Hashable {
    public var name: String
    /// Service prefixes, lowercased (`s3`, `sqs`).
    public var services: [String]
    /// Access levels as AWS names them (`List`, `Read`, `Write`, `Permissions management`, `Tagging`).
    public var accessLevels: [String]
    /// ARN globs every resource must match; empty: any resource but `*`.
    public var resources: [String]
    public var resourceTags: [String: String]
    /// Groups of which the requester must be in one; empty: anyone.
    public var groups: [String]
    /// The longest temporary grant approved; nil: permanent ones too.
    public var maxDurationSeconds: Int?

    public init(
        name: String, services: [String], accessLevels: [String], resources: [String] = [],
        resourceTags: [String: String] = [:], groups: [String] = [], maxDurationSeconds: Int? = nil
    ) {
        self.name = name
        self.services = services
        self.accessLevels = accessLevels
        self.resources = resources
        self.resourceTags = resourceTags
        self.groups = groups
        self.maxDurationSeconds = maxDurationSeconds
    }

    /// AWS's access level names, by their lowercased spelling (and ConsoleMe's group names).
    public static let accessLevelNames: [String: String] = [
        "list": "List", "read": "Read", "write": "Write", "permissions management": "Permissions management",
        "permissions-management": "Permissions management", "tagging": "Tagging",
    ]

    /// `dynamic`'s rules replace `fixed`'s of the same name; the rest of `fixed` follow.
    public static func merged(dynamic: [AutoApproveRuleSetting], fixed: [AutoApproveRuleSetting]) -> [AutoApproveRuleSetting] {
        let names = Set(dynamic.map(\.name))
        return fixed.filter { !names.contains($0.name) } + dynamic
    }
}

/// Why a `permission_templates` or `auto_approve` value is refused: the key path at fault
/// (`permission_templates[2].policy`, `auto_approve.rules[0].max_duration_seconds`), what was
/// expected and what was found.
public struct SelfServiceSettingProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var expected: String
    public var found: String
    public var description: String { "\(path): expected \(expected), found \(found)" }
}

/// Reads `permission_templates` and `auto_approve` values (from the file or the dynamic
/// configuration), each entry checked by type.
public enum SelfServiceSettings {
    typealias Problem = SelfServiceSettingProblem

    /// A list of `{key, text, value | policy}`: `value` is the policy as JSON text, `policy` the
    /// same as a mapping; either must be a policy document (an object with `Statement`). Keys are unique.
    public static func permissionTemplates(_ value: ConfigValue, path: String) throws(SelfServiceSettingProblem) -> [PermissionTemplate] {
        guard case .list(let items) = value else { throw Problem(path: path, expected: "a list of templates", found: value.kindDescription) }
        var templates: [PermissionTemplate] = []
        for (index, item) in items.enumerated() {
            let at = "\(path)[\(index)]"
            let fields = try mapping(item, at, allowed: ["key", "text", "value", "policy"])
            let key = try text(fields["key"], "\(at).key")
            if templates.contains(where: { $0.key == key }) {
                throw Problem(path: "\(at).key", expected: "a key no other template has", found: "'\(key)' again")
            }
            let name = try text(fields["text"], "\(at).text")
            let document: JSONValue
            switch (fields["value"], fields["policy"]) {
            case (let text?, nil):
                let at = "\(at).value"
                guard case .scalar(let json, .string) = text else { throw Problem(path: at, expected: "JSON text", found: text.kindDescription) }
                guard let parsed = try? JSONValue(parsing: Array(json.utf8)) else { throw Problem(path: at, expected: "JSON text", found: "text that is not JSON") }
                document = try policyDocument(parsed, at)
            case (nil, let mapping?):
                document = try policyDocument(json(mapping), "\(at).policy")
            case (nil, nil):
                throw Problem(path: "\(at).policy", expected: "a policy document (or value: its JSON text)", found: "nothing")
            case (_?, _?):
                throw Problem(path: "\(at).policy", expected: "value or policy, not both", found: "both")
            }
            templates.append(PermissionTemplate(key: key, text: name, value: document.jsonText))
        }
        return templates
    }

    /// `{rules: [{name, services, access_levels, resources?, resource_tags?, groups?, max_duration_seconds?}]}`.
    public static func autoApproveRules(_ value: ConfigValue, path: String) throws(SelfServiceSettingProblem) -> [AutoApproveRuleSetting] {
        let top = try mapping(value, path, allowed: ["rules"])
        guard let list = top["rules"] else { return [] }
        guard case .list(let items) = list else { throw Problem(path: "\(path).rules", expected: "a list of rules", found: list.kindDescription) }
        var rules: [AutoApproveRuleSetting] = []
        for (index, item) in items.enumerated() {
            let at = "\(path).rules[\(index)]"
            let fields = try mapping(item, at, allowed: [
                "name", "services", "access_levels", "resources", "resource_tags", "groups", "max_duration_seconds",
            ])
            let name = try text(fields["name"], "\(at).name")
            if rules.contains(where: { $0.name == name }) {
                throw Problem(path: "\(at).name", expected: "a name no other rule has", found: "'\(name)' again")
            }
            let services = try texts(fields["services"], "\(at).services", required: true).map { $0.lowercased() }
            for (offset, service) in services.enumerated()
            where service.isEmpty || !service.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) {
                throw Problem(path: "\(at).services[\(offset)]", expected: "a service prefix such as s3", found: "'\(service)'")
            }
            var levels: [String] = []
            for (offset, level) in try texts(fields["access_levels"], "\(at).access_levels", required: true).enumerated() {
                guard let known = AutoApproveRuleSetting.accessLevelNames[level.lowercased()] else {
                    throw Problem(
                        path: "\(at).access_levels[\(offset)]", expected: "List, Read, Write, Permissions management or Tagging",
                        found: "'\(level)'")
                }
                levels.append(known)
            }
            let resources = try texts(fields["resources"], "\(at).resources")
            for (offset, resource) in resources.enumerated() where resource != "*" && !resource.hasPrefix("arn:") {
                throw Problem(path: "\(at).resources[\(offset)]", expected: "an ARN or ARN glob (or *)", found: "'\(resource)'")
            }
            var tags: [String: String] = [:]
            if let tagValue = fields["resource_tags"] {
                guard case .map(let pairs) = tagValue else {
                    throw Problem(path: "\(at).resource_tags", expected: "a mapping of tag key to value", found: tagValue.kindDescription)
                }
                for pair in pairs { tags[pair.key] = try scalarText(pair.value, "\(at).resource_tags.\(pair.key)") }
            }
            let groups = try texts(fields["groups"], "\(at).groups")
            var maxDuration: Int?
            if let duration = fields["max_duration_seconds"] {
                guard case .scalar(let digits, .int) = duration, let seconds = Int(digits), seconds > 0 else {
                    throw Problem(
                        path: "\(at).max_duration_seconds", expected: "a whole number of seconds above 0", found: describe(duration))
                }
                maxDuration = seconds
            }
            rules.append(AutoApproveRuleSetting(
                name: name, services: services, accessLevels: levels, resources: resources, resourceTags: tags, groups: groups,
                maxDurationSeconds: maxDuration))
        }
        return rules
    }

    // MARK: Shapes

    private static func mapping(_ value: ConfigValue, _ path: String, allowed: Set<String>) throws(Problem) -> [String: ConfigValue] {
        guard case .map(let pairs) = value else { throw Problem(path: path, expected: "a mapping", found: value.kindDescription) }
        var fields: [String: ConfigValue] = [:]
        for pair in pairs {
            guard allowed.contains(pair.key) else {
                throw Problem(path: "\(path).\(pair.key)", expected: "one of \(allowed.sorted().joined(separator: ", "))", found: "an unknown key")
            }
            if pair.value != .null { fields[pair.key] = pair.value }
        }
        return fields
    }

    private static func text(_ value: ConfigValue?, _ path: String) throws(Problem) -> String {
        guard let value else { throw Problem(path: path, expected: "text", found: "nothing") }
        let text = try scalarText(value, path)
        guard !text.isEmpty else { throw Problem(path: path, expected: "text", found: "empty text") }
        return text
    }

    private static func scalarText(_ value: ConfigValue, _ path: String) throws(Problem) -> String {
        guard case .scalar(let text, _) = value else { throw Problem(path: path, expected: "text", found: value.kindDescription) }
        return text
    }

    private static func texts(_ value: ConfigValue?, _ path: String, required: Bool = false) throws(Problem) -> [String] {
        guard let value else {
            if required { throw Problem(path: path, expected: "a list of text", found: "nothing") }
            return []
        }
        guard case .list(let items) = value else { throw Problem(path: path, expected: "a list of text", found: value.kindDescription) }
        if required, items.isEmpty { throw Problem(path: path, expected: "a list of text", found: "an empty list") }
        var result: [String] = []
        for (index, item) in items.enumerated() { result.append(try text(item, "\(path)[\(index)]")) }
        return result
    }

    private static func describe(_ value: ConfigValue) -> String {
        if case .scalar(let text, _) = value { return "'\(text)'" }
        return value.kindDescription
    }

    /// A policy document: an object whose `Statement` is an object or a non-empty list of objects.
    private static func policyDocument(_ document: JSONValue, _ path: String) throws(Problem) -> JSONValue {
        guard document.objectValue != nil else { throw Problem(path: path, expected: "a policy document (an object)", found: "another JSON value") }
        switch document["Statement"] {
        case .object?: return document
        case .array(let statements)? where !statements.isEmpty && statements.allSatisfy({ $0.objectValue != nil }):
            return document
        default:
            throw Problem(path: "\(path).Statement", expected: "a statement or a list of statements", found: "none")
        }
    }

    /// The JSON a YAML value stands for (numbers and booleans as YAML resolved them).
    static func json(_ value: ConfigValue) -> JSONValue {
        switch value {
        case .null: .null
        case .scalar(let text, .int), .scalar(let text, .float): Double(text).map(JSONValue.number) ?? .string(text)
        case .scalar(let text, .bool): .bool(["true", "yes", "on"].contains(text.lowercased()))
        case .scalar(let text, .string): .string(text)
        case .list(let items): .array(items.map(json))
        case .map(let pairs): .object(Dictionary(pairs.map { ($0.key, json($0.value)) }, uniquingKeysWith: { $1 }))
        }
    }
}
