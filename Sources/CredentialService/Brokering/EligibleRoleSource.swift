/// One role a person may use, and whether only from the command line (a CLI-only role is never
/// handed to a console sign-in).
public struct EligibleRole: Sendable, Hashable {
    public var arn: String
    public var cliOnly: Bool

    public init(arn: String, cliOnly: Bool) {
        self.arn = arn
        self.cliOnly = cliOnly
    }
}

/// Where the broker learns which roles a person may use and how long a role's sessions may
/// last: the cache's credential authorization mapping in production, a fixed table in tests
/// and small deployments (`StaticEligibleRoles`).
public protocol EligibleRoleSource: Sendable {
    /// The roles `user` may use, directly or through any of `groups`. When a role is granted
    /// both ways, for the console and for the CLI only, the console grant wins.
    func eligibleRoles(user: String, groups: [String]) async throws -> [EligibleRole]

    /// The role's `MaxSessionDuration` in seconds; nil when the source does not know the role.
    func maxSessionDuration(roleARN: String) async throws -> Int?
}
