/// One role read in full without sweeping its account: what `GetAccountAuthorizationDetails`
/// says of a role, from `GetRole`, `ListRolePolicies`/`GetRolePolicy`,
/// `ListAttachedRolePolicies` and `ListInstanceProfilesForRole` (the cache's RefreshItem).
extension IAMClient {
    /// `iam:ListRolePolicies`, every page: the names of the role's inline policies.
    public func listRolePolicyNames(roleName: String) async throws -> [String] {
        try IAMValidation.name(roleName, "RoleName")
        var parameters = QueryParameters()
        parameters.set("RoleName", roleName)
        return try await pages("ListRolePolicies", parameters, listName: "PolicyNames", pageSize: nil) { $0.text }.collect()
    }

    /// `iam:ListAttachedRolePolicies`, every page.
    public func listAttachedRolePolicies(roleName: String) async throws -> [AttachedPolicy] {
        try IAMValidation.name(roleName, "RoleName")
        var parameters = QueryParameters()
        parameters.set("RoleName", roleName)
        return try await pages("ListAttachedRolePolicies", parameters, listName: "AttachedPolicies", pageSize: nil) {
            try AttachedPolicy($0)
        }.collect()
    }

    /// The role with its inline policies, attached policies and instance profiles.
    /// - Throws: `AWSError` with code `NoSuchEntity` when the role does not exist.
    public func roleDetail(name: String) async throws -> RoleDetail {
        let role = try await getRole(name: name)
        var inline: [InlinePolicy] = []
        for policyName in try await listRolePolicyNames(roleName: name) {
            inline.append(try await getRolePolicy(roleName: name, policyName: policyName))
        }
        return RoleDetail(
            role: role, inlinePolicies: inline, attachedPolicies: try await listAttachedRolePolicies(roleName: name),
            instanceProfiles: try await listInstanceProfilesForRole(roleName: name))
    }
}

extension RoleDetail {
    init(role: IAMRole, inlinePolicies: [InlinePolicy], attachedPolicies: [AttachedPolicy], instanceProfiles: [InstanceProfile]) {
        self.role = role
        self.inlinePolicies = inlinePolicies
        self.attachedPolicies = attachedPolicies
        self.instanceProfiles = instanceProfiles
    }
}
