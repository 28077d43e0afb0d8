public import PorticoCore

/// An IAM policy document (identity, resource or trust policy): the one model every Portico
/// module reads, checks, minimizes, applies and hashes policies through.
///
/// Parsed from JSON with `init(parsing:)` / `init(json:)`, which check the structure and name the
/// path at fault (`Statement[1].Effect`); written back with `json` / `canonicalText`, where every
/// list is an array and keys are sorted, so equal documents are equal bytes and hash the same.
public struct PolicyDocument: Sendable, Hashable {
    /// `Version` ("2012-10-17" or "2008-10-17"); nil when the document leaves it out.
    public var version: String?
    /// `Id`, kept when present.
    public var id: String?
    public var statements: [PolicyStatement]

    /// The current policy language version.
    public static let currentVersion = "2012-10-17"
    /// The versions IAM accepts.
    public static let knownVersions: Set<String> = ["2012-10-17", "2008-10-17"]

    public init(version: String? = PolicyDocument.currentVersion, id: String? = nil, statements: [PolicyStatement]) {
        self.version = version
        self.id = id
        self.statements = statements
    }
}

/// `Effect` of a statement.
public enum PolicyEffect: String, Sendable, Hashable, CaseIterable {
    case allow = "Allow"
    case deny = "Deny"
}

/// One statement of a policy document.
///
/// `Action`/`NotAction`, `Resource`/`NotResource` and `Principal`/`NotPrincipal` are exclusive
/// pairs (parsing refuses both); which of each pair a statement needs depends on the kind of
/// policy, which the checker decides, not the model.
public struct PolicyStatement: Sendable, Hashable {
    public var sid: String?
    public var effect: PolicyEffect
    public var action: [String]?
    public var notAction: [String]?
    public var resource: [String]?
    public var notResource: [String]?
    public var principal: PolicyPrincipal?
    public var notPrincipal: PolicyPrincipal?
    public var condition: PolicyCondition?
    /// ConsoleMe's template keys `IncludeAccounts` / `ExcludeAccounts` (not IAM grammar: strip
    /// them with `PolicyDocument.withoutTemplateKeys` before sending a document to AWS).
    public var includeAccounts: [String]?
    public var excludeAccounts: [String]?

    public init(
        sid: String? = nil, effect: PolicyEffect = .allow,
        action: [String]? = nil, notAction: [String]? = nil,
        resource: [String]? = nil, notResource: [String]? = nil,
        principal: PolicyPrincipal? = nil, notPrincipal: PolicyPrincipal? = nil,
        condition: PolicyCondition? = nil,
        includeAccounts: [String]? = nil, excludeAccounts: [String]? = nil
    ) {
        self.sid = sid
        self.effect = effect
        self.action = action
        self.notAction = notAction
        self.resource = resource
        self.notResource = notResource
        self.principal = principal
        self.notPrincipal = notPrincipal
        self.condition = condition
        self.includeAccounts = includeAccounts
        self.excludeAccounts = excludeAccounts
    }
}

/// `Principal` / `NotPrincipal`: everyone (`"*"`) or principals by kind
/// (`AWS`, `Service`, `Federated`, `CanonicalUser`), each a list of names.
public enum PolicyPrincipal: Sendable, Hashable {
    case everyone
    case identified([String: [String]])

    /// The principal kinds IAM knows.
    public static let kinds: Set<String> = ["AWS", "Service", "Federated", "CanonicalUser"]
}

/// `Condition`: operator (`StringLike`, `ForAnyValue:StringEquals`, `Null`…) → condition key →
/// values. Values are JSON scalars as written (IAM compares them as strings; `true` and
/// `"true"` are kept apart so the document reads back as it was written).
public struct PolicyCondition: Sendable, Hashable {
    public var operators: [String: [String: [JSONValue]]]

    public init(_ operators: [String: [String: [JSONValue]]]) {
        self.operators = operators
    }

    /// Every condition key used, with the operator it appears under.
    public var keys: [(operator: String, key: String)] {
        operators.keys.sorted().flatMap { op in
            (operators[op] ?? [:]).keys.sorted().map { (operator: op, key: $0) }
        }
    }
}
