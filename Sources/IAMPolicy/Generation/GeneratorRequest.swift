public import PorticoCore

/// One entry of `generate_changes`' `changes` array: a generator type and the person's choices.
/// Field names are read in snake_case or CamelCase, as ConsoleMe's aliases allow.
public struct GeneratorRequest: Sendable, Hashable {
    public var generatorType: String
    public var principal: JSONValue?
    public var resourceARNs: [String]
    public var bucketPrefix: String?
    public var actionGroups: [String]
    public var effect: PolicyEffect
    public var condition: JSONValue?
    public var extraActions: [String]
    public var includeAccounts: [String]?
    public var excludeAccounts: [String]?
    public var policyName: String?
    public var expirationDate: String?
    public var serviceName: String?
    public var fromAddress: String?
    /// `custom_iam`'s policy.
    public var policy: JSONValue?
    /// Every field as sent, for `${input}` placeholders.
    public var fields: [String: JSONValue]

    /// Reads one entry; `index` is its place in `changes` for error paths.
    /// - Throws: `ChangeGenerationError.invalidInput` naming the field.
    public init(json: JSONValue, index: Int) throws(ChangeGenerationError) {
        guard let object = json.objectValue else {
            throw .invalidInput("changes[\(index)] must be an object")
        }
        var normalized: [String: JSONValue] = [:]
        for (key, value) in object { normalized[Self.normalizedKey(key)] = value }
        func string(_ key: String) throws(ChangeGenerationError) -> String? {
            guard let value = normalized[Self.normalizedKey(key)], value != .null else { return nil }
            guard let text = value.stringValue else { throw .invalidInput("changes[\(index)].\(key) must be a string") }
            return text
        }
        func strings(_ key: String) throws(ChangeGenerationError) -> [String]? {
            guard let value = normalized[Self.normalizedKey(key)], value != .null else { return nil }
            if let text = value.stringValue { return [text] }
            guard let items = value.arrayValue else { throw .invalidInput("changes[\(index)].\(key) must be a list of strings") }
            var texts: [String] = []
            for item in items {
                guard let text = item.stringValue else { throw .invalidInput("changes[\(index)].\(key) must be a list of strings") }
                texts.append(text)
            }
            return texts
        }
        guard let type = try string("generator_type") else {
            throw .invalidInput("changes[\(index)].generator_type is missing")
        }
        generatorType = type
        principal = normalized["principal"]
        resourceARNs = try strings("resource_arn") ?? []
        bucketPrefix = try string("bucket_prefix")
        actionGroups = try strings("action_groups") ?? []
        switch try string("effect") ?? "Allow" {
        case "Allow", "allow": effect = .allow
        case "Deny", "deny": effect = .deny
        case let other: throw .invalidInput("changes[\(index)].effect must be Allow or Deny, not \"\(other)\"")
        }
        condition = normalized["condition"].flatMap { $0 == .null ? nil : $0 }
        extraActions = try strings("extra_actions") ?? []
        includeAccounts = try strings("include_accounts")
        excludeAccounts = try strings("exclude_accounts")
        policyName = try string("policy_name")
        expirationDate = try string("expiration_date")
        serviceName = try string("service_name")
        fromAddress = try string("from_address")
        policy = normalized["policy"].flatMap { $0 == .null ? nil : $0 }
        fields = object
    }

    /// `bucket_prefix`, `BucketPrefix` and `bucketPrefix` are one field.
    static func normalizedKey(_ key: String) -> String {
        key.lowercased().filter { $0 != "_" }
    }
}

/// Why `generate_changes` cannot produce a policy: the input is at fault (400), naming what.
public enum ChangeGenerationError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidInput(String)

    public var description: String {
        switch self {
        case .invalidInput(let reason): reason
        }
    }
}
