/// The type of one cached item: an IAM role, user, group or customer-managed policy, an S3
/// bucket, an SQS queue, an SNS topic, or an AWS Config resource (`config:AWS::EC2::Instance`).
public struct InventoryType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public static let role = InventoryType(rawValue: "role")
    public static let user = InventoryType(rawValue: "user")
    public static let group = InventoryType(rawValue: "group")
    public static let managedPolicy = InventoryType(rawValue: "policy")
    public static let bucket = InventoryType(rawValue: "s3_bucket")
    public static let queue = InventoryType(rawValue: "sqs_queue")
    public static let topic = InventoryType(rawValue: "sns_topic")

    /// A resource type recorded by AWS Config.
    public static func config(_ resourceType: String) -> InventoryType {
        InventoryType(rawValue: "config:\(resourceType)")
    }

    /// The types every sweep of `kind` produces (Config's types come from configuration).
    public static func types(of kind: SweepKind, configResourceTypes: [String]) -> [InventoryType] {
        switch kind {
        case .iam: [.role, .user, .group, .managedPolicy]
        case .s3: [.bucket]
        case .sqs: [.queue]
        case .sns: [.topic]
        case .config: configResourceTypes.map(InventoryType.config)
        }
    }

    /// The sweep that produces items of this type; nil for a type no sweep makes.
    public var kind: SweepKind? {
        switch self {
        case .role, .user, .group, .managedPolicy: .iam
        case .bucket: .s3
        case .queue: .sqs
        case .topic: .sns
        default: rawValue.hasPrefix("config:") && rawValue.count > 7 ? .config : nil
        }
    }

    public var description: String { rawValue }

    public static func < (lhs: InventoryType, rhs: InventoryType) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
