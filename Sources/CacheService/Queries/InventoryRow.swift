/// One row of the policies table: an item of the current generations as the table shows it,
/// with its columns lowercased for filtering and sorting.
public struct InventoryRow: Sendable, Hashable {
    public var accountID: String
    public var arn: String
    public var type: InventoryType
    public var name: String
    /// Empty for IAM and S3.
    public var region: String
    /// Hidden from restricted callers (`RoleVisibility`).
    public var hidden: Bool
    let arnKey: [UInt8]

    init(accountID: String, arn: String, type: InventoryType, name: String, region: String, hidden: Bool) {
        self.accountID = accountID
        self.arn = arn
        self.type = type
        self.name = name
        self.region = region
        self.hidden = hidden
        self.arnKey = Array(arn.lowercased().utf8)
    }

    /// ConsoleMe's technology column.
    public var technology: String { Self.technology(of: type) }

    /// ConsoleMe's technology of a type; nil for types the table leaves out (groups).
    static func technology(of type: InventoryType) -> String {
        switch type {
        case .role: "AWS::IAM::Role"
        case .user: "AWS::IAM::User"
        case .managedPolicy: "managed_policy"
        case .bucket: "AWS::S3::Bucket"
        case .queue: "AWS::SQS::Queue"
        case .topic: "AWS::SNS::Topic"
        default: type.rawValue.hasPrefix("config:") ? String(type.rawValue.dropFirst(7)) : type.rawValue
        }
    }

    /// Whether the table lists items of `type`.
    static func isListed(_ type: InventoryType) -> Bool { type != .group }
}
