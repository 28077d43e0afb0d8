/// What a person may do in Portico beyond using their own roles. `canAdmin` holds every other
/// right.
public struct Rights: Sendable, Hashable, CustomStringConvertible {
    /// Full administration, self-approval included (`groups.can_admin`).
    public var canAdmin: Bool
    /// Review, approve and apply policy requests (`groups.can_admin_policies`).
    public var canAdminPolicies: Bool
    /// Edit the dynamic configuration (`groups.can_edit_config`).
    public var canEditConfig: Bool
    /// Create IAM roles through self-service (`groups.can_create_roles`).
    public var canCreateRoles: Bool
    /// Delete IAM roles and users (`groups.can_delete_iam_principals`).
    public var canDeleteIAMPrincipals: Bool

    public init(
        canAdmin: Bool = false, canAdminPolicies: Bool = false, canEditConfig: Bool = false, canCreateRoles: Bool = false,
        canDeleteIAMPrincipals: Bool = false
    ) {
        self.canAdmin = canAdmin
        self.canAdminPolicies = canAdminPolicies || canAdmin
        self.canEditConfig = canEditConfig || canAdmin
        self.canCreateRoles = canCreateRoles || canAdmin
        self.canDeleteIAMPrincipals = canDeleteIAMPrincipals || canAdmin
    }

    /// No rights.
    public static var none: Rights { Rights() }

    public var description: String {
        let held = [
            ("can_admin", canAdmin), ("can_admin_policies", canAdminPolicies),
            ("can_edit_config", canEditConfig), ("can_create_roles", canCreateRoles),
            ("can_delete_iam_principals", canDeleteIAMPrincipals),
        ].filter(\.1).map(\.0)
        return held.isEmpty ? "no rights" : held.joined(separator: ", ")
    }
}
