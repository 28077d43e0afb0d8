/// How a principal may use a role: from the console and the CLI, or from the CLI only.
public enum RoleAccess: String, Sendable, Hashable, Codable {
    case console = "c"
    case cliOnly = "l"

    /// The wider of two grants: console access wins over CLI-only.
    func merged(with other: RoleAccess) -> RoleAccess {
        self == .console || other == .console ? .console : .cliOnly
    }
}
