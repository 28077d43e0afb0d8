public import PorticoConfig

/// An `EligibleRoleSource` held in memory: grants keyed by user or group name, and the known
/// maximum session durations. Built from `dynamic_config.group_mapping` for deployments without
/// the cache, and used by tests.
public struct StaticEligibleRoles: EligibleRoleSource {
    /// User or group (compared case-insensitively) → roles granted.
    public var grants: [String: PorticoConfiguration.DynamicConfig.RoleGrant]
    /// Role ARN (compared case-insensitively) → `MaxSessionDuration` in seconds.
    public var maxSessionDurations: [String: Int]

    public init(
        grants: [String: PorticoConfiguration.DynamicConfig.RoleGrant], maxSessionDurations: [String: Int] = [:]
    ) {
        self.grants = Dictionary(grants.map { ($0.key.lowercased(), $0.value) }) { first, second in
            .init(roles: first.roles + second.roles, cliOnlyRoles: first.cliOnlyRoles + second.cliOnlyRoles)
        }
        self.maxSessionDurations = Dictionary(maxSessionDurations.map { ($0.key.lowercased(), $0.value) }) { max($0, $1) }
    }

    public func eligibleRoles(user: String, groups: [String]) async throws -> [EligibleRole] {
        var cliOnly: [String: Bool] = [:]
        for name in [user] + groups {
            guard let grant = grants[name.lowercased()] else { continue }
            for arn in grant.roles { cliOnly[arn] = false }
            for arn in grant.cliOnlyRoles where cliOnly[arn] == nil { cliOnly[arn] = true }
        }
        return cliOnly.map { EligibleRole(arn: $0.key, cliOnly: $0.value) }.sorted { $0.arn < $1.arn }
    }

    public func maxSessionDuration(roleARN: String) async throws -> Int? {
        maxSessionDurations[roleARN.lowercased()]
    }
}
