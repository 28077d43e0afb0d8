public import PorticoConfig

/// Decides a person's `Rights` from the `groups:` section: a right holds when the user or any of
/// their groups is listed for it (or for `can_admin`). Names compare as `GroupMergeRules` does:
/// exactly, or case-insensitively when `force_groups_lowercase` is on.
public struct RightsPolicy: Sendable {
    private let naming: GroupNaming
    private let admins: Set<String>
    private let policyAdmins: Set<String>
    private let configEditors: Set<String>
    private let roleCreators: Set<String>
    private let principalDeleters: Set<String>

    public init(configuration: PorticoConfiguration.Groups) {
        let naming = GroupNaming(lowercase: configuration.forceGroupsLowercase)
        self.naming = naming
        admins = naming.canonicalSet(configuration.canAdmin)
        policyAdmins = naming.canonicalSet(configuration.canAdminPolicies)
        configEditors = naming.canonicalSet(configuration.canEditConfig)
        roleCreators = naming.canonicalSet(configuration.canCreateRoles)
        principalDeleters = naming.canonicalSet(configuration.canDeleteIAMPrincipals)
    }

    /// The rights of `user` in `groups` (the resolved groups).
    public func rights(user: String, groups: [String]) -> Rights {
        let members = Set(([user] + groups).compactMap(naming.canonical))
        return Rights(
            canAdmin: !members.isDisjoint(with: admins),
            canAdminPolicies: !members.isDisjoint(with: policyAdmins),
            canEditConfig: !members.isDisjoint(with: configEditors),
            canCreateRoles: !members.isDisjoint(with: roleCreators),
            canDeleteIAMPrincipals: !members.isDisjoint(with: principalDeleters))
    }
}
