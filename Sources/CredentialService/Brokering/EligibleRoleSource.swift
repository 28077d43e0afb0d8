public import PorticoCore

/// Where the broker learns which roles a person may use, how long a role's sessions may last,
/// and what the accounts are called (people match roles by account name too): the cache's
/// credential authorization mapping (`CacheAuthorizationMapping`).
public protocol EligibleRoleSource: Sendable {
    /// The roles `user` may use, directly or through any of `groups`. When a role is granted
    /// both ways, for the console and for the CLI only, the console grant wins.
    /// - Throws: a `CredentialBrokerError` refusal when the request itself is at fault; any
    ///   other error when the roles cannot be read (the broker fails the request).
    func eligibleRoles(user: String, groups: [String]) async throws -> [EligibleRole]

    /// The role's `MaxSessionDuration` in seconds; nil when the source does not know the role.
    func maxSessionDuration(roleARN: String) async throws -> Int?

    /// Account id → friendly name, as well as the source knows them now (never failing: account
    /// names only widen matching).
    func accountNames() async -> [String: String]
}
