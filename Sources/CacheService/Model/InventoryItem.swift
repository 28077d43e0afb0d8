/// One cached role, user, group, managed policy, bucket, queue, topic or Config resource, with
/// its policies and tags, as the sweep read it. Every item is stored (in Redis and in the
/// DynamoDB backup) as this record's JSON.
public struct InventoryItem: Sendable, Hashable, Codable {
    public var arn: String
    public var type: InventoryType
    public var name: String
    public var accountID: String
    /// The region of a regional resource; nil for IAM and S3.
    public var region: String?
    /// Tags, sorted by key.
    public var tags: [InventoryTag]
    /// The resource policy of a bucket, queue or topic; a role's trust policy; a managed
    /// policy's default version. JSON text.
    public var policyDocument: String?
    /// Inline policies of a role, user or group.
    public var inlinePolicies: [NamedPolicy]
    /// Managed policies attached to a role, user or group.
    public var attachedPolicies: [AttachedPolicyReference]
    /// A user's groups.
    public var groups: [String]
    /// Stable facts of the type: `path`, `roleId`, `maxSessionDuration`, `description`,
    /// `createDate`, `permissionsBoundary`, `url` (queues), `displayName` (topics), …
    public var attributes: [String: String]

    public init(
        arn: String, type: InventoryType, name: String, accountID: String, region: String? = nil,
        tags: [InventoryTag] = [], policyDocument: String? = nil, inlinePolicies: [NamedPolicy] = [],
        attachedPolicies: [AttachedPolicyReference] = [], groups: [String] = [], attributes: [String: String] = [:]
    ) {
        self.arn = arn
        self.type = type
        self.name = name
        self.accountID = accountID
        self.region = region
        self.tags = tags.sorted { ($0.key, $0.value) < ($1.key, $1.value) }
        self.policyDocument = policyDocument
        self.inlinePolicies = inlinePolicies
        self.attachedPolicies = attachedPolicies
        self.groups = groups
        self.attributes = attributes
    }

    /// The value of tag `key`, if the item carries it.
    public func tag(_ key: String) -> String? {
        tags.first { $0.key == key }?.value
    }
}

/// A key/value tag on a cached item.
public struct InventoryTag: Sendable, Hashable, Codable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// An inline policy: its name and JSON document.
public struct NamedPolicy: Sendable, Hashable, Codable {
    public var name: String
    public var document: String

    public init(name: String, document: String) {
        self.name = name
        self.document = document
    }
}

/// A managed policy attached to a principal.
public struct AttachedPolicyReference: Sendable, Hashable, Codable {
    public var name: String
    public var arn: String

    public init(name: String, arn: String) {
        self.name = name
        self.arn = arn
    }
}
