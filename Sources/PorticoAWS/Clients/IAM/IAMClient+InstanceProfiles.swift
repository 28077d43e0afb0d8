/// IAM instance profiles (the wrapper that lets EC2 instances use a role).
extension IAMClient {
    /// `iam:CreateInstanceProfile`.
    public func createInstanceProfile(name: String, path: String? = nil, tags: [AWSTag] = []) async throws -> InstanceProfile {
        try IAMValidation.name(name, "InstanceProfileName")
        var parameters = QueryParameters()
        parameters.set("InstanceProfileName", name)
        parameters.set("Path", path)
        parameters.setTags("Tags", tags)
        let result = try await call("CreateInstanceProfile", parameters)
        guard let profile = result.child("InstanceProfile") else {
            throw AWSClientError.malformedResponse("CreateInstanceProfile has no InstanceProfile")
        }
        return try InstanceProfile(profile)
    }

    /// `iam:GetInstanceProfile`.
    /// - Throws: `AWSError` with code `NoSuchEntity` when there is none of that name.
    public func getInstanceProfile(name: String) async throws -> InstanceProfile {
        try IAMValidation.name(name, "InstanceProfileName")
        var parameters = QueryParameters()
        parameters.set("InstanceProfileName", name)
        let result = try await call("GetInstanceProfile", parameters)
        guard let profile = result.child("InstanceProfile") else {
            throw AWSClientError.malformedResponse("GetInstanceProfile has no InstanceProfile")
        }
        return try InstanceProfile(profile)
    }

    /// `iam:DeleteInstanceProfile`.
    public func deleteInstanceProfile(name: String) async throws {
        try IAMValidation.name(name, "InstanceProfileName")
        var parameters = QueryParameters()
        parameters.set("InstanceProfileName", name)
        _ = try await call("DeleteInstanceProfile", parameters)
    }

    /// `iam:AddRoleToInstanceProfile`.
    public func addRoleToInstanceProfile(profileName: String, roleName: String) async throws {
        try IAMValidation.name(profileName, "InstanceProfileName")
        try await roleAction("AddRoleToInstanceProfile", role: roleName) { $0.set("InstanceProfileName", profileName) }
    }

    /// `iam:RemoveRoleFromInstanceProfile`.
    public func removeRoleFromInstanceProfile(profileName: String, roleName: String) async throws {
        try IAMValidation.name(profileName, "InstanceProfileName")
        try await roleAction("RemoveRoleFromInstanceProfile", role: roleName) { $0.set("InstanceProfileName", profileName) }
    }

    /// `iam:ListInstanceProfilesForRole`, every page.
    public func listInstanceProfilesForRole(roleName: String, pageSize: Int? = nil) async throws -> [InstanceProfile] {
        try IAMValidation.name(roleName, "RoleName")
        var parameters = QueryParameters()
        parameters.set("RoleName", roleName)
        return try await pages(
            "ListInstanceProfilesForRole", parameters, listName: "InstanceProfiles", pageSize: pageSize,
            item: InstanceProfile.init
        ).collect()
    }
}
