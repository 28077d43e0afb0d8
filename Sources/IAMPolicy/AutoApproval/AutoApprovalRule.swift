/// A `policies.auto_approve` rule: which generated policies Portico may approve and apply
/// itself, naming the rule as the reviewer ("Read/List on S3 buckets tagged data-class: public
/// for any engineer, up to 8 hours"). A rule only widens what needs no person; anything it does
/// not clearly cover goes to people.
public struct AutoApprovalRule: Sendable, Hashable {
    /// The rule's name, recorded as the reviewer.
    public var name: String
    /// Service prefixes every action must belong to (`s3`, `sqs`).
    public var services: Set<String>
    /// Access levels every action must have (a wildcard action counts by every action it grants).
    public var accessLevels: Set<IAMAccessLevel>
    /// ARN globs every resource must match (`arn:aws:s3:::public-*`); empty: any resource but `*`.
    public var resources: [String]
    /// Tags every resource must carry (`data-class: public`); empty: no tag requirement.
    public var resourceTags: [String: String]
    /// Groups of which the requester must be in one; empty: anyone.
    public var groups: Set<String>
    /// The longest grant (temporary policy) the rule approves; nil: also permanent ones.
    public var maxDurationSeconds: Int?

    public init(
        name: String, services: Set<String>, accessLevels: Set<IAMAccessLevel>, resources: [String] = [],
        resourceTags: [String: String] = [:], groups: Set<String> = [], maxDurationSeconds: Int? = nil
    ) {
        self.name = name
        self.services = Set(services.map { $0.lowercased() })
        self.accessLevels = accessLevels
        self.resources = resources
        self.resourceTags = resourceTags
        self.groups = groups
        self.maxDurationSeconds = maxDurationSeconds
    }
}

/// Where the evaluator gets its rules and resource tags; the integrator wires the dynamic
/// config (rules) and the cache (tags) behind it.
public protocol AutoApprovalSource: Sendable {
    /// The rules now in force (static `policies.auto_approve` with dynamic config's by name).
    func rules() async -> [AutoApprovalRule]
    /// A resource's tags, or nil when unknown (an unknown resource never satisfies a tag rule).
    func tags(of resourceARN: String) async -> [String: String]?
}
