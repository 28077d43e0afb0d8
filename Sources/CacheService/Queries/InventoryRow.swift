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
    /// The account ID's bytes (compared as they are, as before).
    let accountKey: [UInt8]
    /// The technology column, lowercased.
    let technologyKey: [UInt8]

    /// `accountKey` and `technologyKey` may be passed in so rows of one scope and type share
    /// one buffer each; they must equal what this initialiser would compute.
    init(
        accountID: String, arn: String, type: InventoryType, name: String, region: String, hidden: Bool,
        accountKey: [UInt8]? = nil, technologyKey: [UInt8]? = nil
    ) {
        self.accountID = accountID
        self.arn = arn
        self.type = type
        self.name = name
        self.region = region
        self.hidden = hidden
        self.arnKey = Array(arn.lowercased().utf8)
        self.accountKey = accountKey ?? Array(accountID.utf8)
        self.technologyKey = technologyKey ?? Self.technologyKey(of: type)
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

    /// The lowercased bytes of `technology(of:)`.
    static func technologyKey(of type: InventoryType) -> [UInt8] { Array(technology(of: type).lowercased().utf8) }

    /// Whether the table lists items of `type`.
    static func isListed(_ type: InventoryType) -> Bool { type != .group }
}
