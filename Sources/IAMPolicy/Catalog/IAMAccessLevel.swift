/// An action's access level in AWS's Service Authorization Reference: what kind of thing it does.
public enum IAMAccessLevel: String, Sendable, Hashable, CaseIterable, Comparable {
    case list = "List"
    case read = "Read"
    case write = "Write"
    case permissionsManagement = "Permissions management"
    case tagging = "Tagging"

    /// The one-letter code of the catalog file.
    init?(code: Substring) {
        switch code {
        case "L": self = .list
        case "R": self = .read
        case "W": self = .write
        case "P": self = .permissionsManagement
        case "T": self = .tagging
        default: return nil
        }
    }

    /// ConsoleMe's `crud_lookup` action group names (`list`, `read`, `write`, `permissions-management`, `tagging`).
    public init?(groupName: String) {
        switch groupName.lowercased() {
        case "list": self = .list
        case "read": self = .read
        case "write": self = .write
        case "permissions-management", "permissions management": self = .permissionsManagement
        case "tagging": self = .tagging
        default: return nil
        }
    }

    /// The verb an explanation uses ("list", "read", "change"…).
    public var verb: String {
        switch self {
        case .list: "list"
        case .read: "read"
        case .write: "change"
        case .permissionsManagement: "manage permissions of"
        case .tagging: "tag"
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}
