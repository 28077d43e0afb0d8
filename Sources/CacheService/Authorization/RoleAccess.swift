/// How a principal may use a role: from the console and the CLI, or from the CLI only.
public enum RoleAccess: String, Sendable, Hashable, Codable {
    case console = "c"
    case cliOnly = "l"

    /// The wider of two grants: console access wins over CLI-only.
    func merged(with other: RoleAccess) -> RoleAccess {
        self == .console || other == .console ? .console : .cliOnly
    }
}

/// A role a principal may use, with whether only the CLI may use it.
public struct EligibleRole: Sendable, Hashable, Codable {
    public var arn: String
    public var cliOnly: Bool

    public init(arn: String, cliOnly: Bool) {
        self.arn = arn
        self.cliOnly = cliOnly
    }
}
