/// The IAM operations that apply policy requests beyond the role ones: the same changes on
/// users, tags on managed policies, and a managed policy's versions (listed and pruned).
extension IAMClient {
    // MARK: Users

    /// `iam:DeleteUserPolicy`.
    public func deleteUserPolicy(userName: String, policyName: String) async throws {
        try IAMValidation.name(policyName, "PolicyName")
        try await userAction("DeleteUserPolicy", user: userName) { $0.set("PolicyName", policyName) }
    }

    /// `iam:GetUserPolicy`, the document decoded.
    public func getUserPolicy(userName: String, policyName: String) async throws -> InlinePolicy {
        try IAMValidation.name(policyName, "PolicyName")
        var parameters = QueryParameters()
        parameters.set("UserName", userName)
        parameters.set("PolicyName", policyName)
        let result = try await call("GetUserPolicy", parameters)
        return InlinePolicy(
            name: result.string("PolicyName") ?? policyName,
            document: try PolicyDocumentText.decode(try result.required("PolicyDocument")))
    }

    /// `iam:AttachUserPolicy`.
    public func attachUserPolicy(userName: String, policyARN: String) async throws {
        try IAMValidation.arn(policyARN, "PolicyArn")
        try await userAction("AttachUserPolicy", user: userName) { $0.set("PolicyArn", policyARN) }
    }

    /// `iam:DetachUserPolicy`.
    public func detachUserPolicy(userName: String, policyARN: String) async throws {
        try IAMValidation.arn(policyARN, "PolicyArn")
        try await userAction("DetachUserPolicy", user: userName) { $0.set("PolicyArn", policyARN) }
    }

    /// `iam:PutUserPermissionsBoundary`.
    public func putUserPermissionsBoundary(userName: String, policyARN: String) async throws {
        try IAMValidation.arn(policyARN, "PermissionsBoundary")
        try await userAction("PutUserPermissionsBoundary", user: userName) { $0.set("PermissionsBoundary", policyARN) }
    }

    /// `iam:DeleteUserPermissionsBoundary`.
    public func deleteUserPermissionsBoundary(userName: String) async throws {
        try await userAction("DeleteUserPermissionsBoundary", user: userName)
    }

    /// `iam:TagUser`.
    public func tagUser(name: String, tags: [AWSTag]) async throws {
        try await userAction("TagUser", user: name) { $0.setTags("Tags", tags) }
    }

    /// `iam:UntagUser`.
    public func untagUser(name: String, tagKeys: [String]) async throws {
        try await userAction("UntagUser", user: name) { $0.setList("TagKeys", tagKeys) }
    }

    // MARK: Managed policies

    /// `iam:TagPolicy`.
    public func tagPolicy(arn: String, tags: [AWSTag]) async throws {
        try IAMValidation.arn(arn, "PolicyArn")
        var parameters = QueryParameters()
        parameters.set("PolicyArn", arn)
        parameters.setTags("Tags", tags)
        _ = try await call("TagPolicy", parameters)
    }

    /// `iam:UntagPolicy`.
    public func untagPolicy(arn: String, tagKeys: [String]) async throws {
        try IAMValidation.arn(arn, "PolicyArn")
        var parameters = QueryParameters()
        parameters.set("PolicyArn", arn)
        parameters.setList("TagKeys", tagKeys)
        _ = try await call("UntagPolicy", parameters)
    }

    /// `iam:ListPolicyVersions` (documents are not included; `getPolicyVersion` reads one).
    public func listPolicyVersions(policyARN: String) async throws -> [PolicyVersion] {
        try IAMValidation.arn(policyARN, "PolicyArn")
        var parameters = QueryParameters()
        parameters.set("PolicyArn", policyARN)
        let result = try await call("ListPolicyVersions", parameters)
        return try (result.child("Versions")?.members ?? []).map(PolicyVersion.init)
    }

    /// `iam:DeletePolicyVersion` (never the default version).
    public func deletePolicyVersion(policyARN: String, versionID: String) async throws {
        try IAMValidation.arn(policyARN, "PolicyArn")
        var parameters = QueryParameters()
        parameters.set("PolicyArn", policyARN)
        parameters.set("VersionId", versionID)
        _ = try await call("DeletePolicyVersion", parameters)
    }

    func userAction(_ action: String, user: String, _ extra: (inout QueryParameters) -> Void = { _ in }) async throws {
        try IAMValidation.name(user, "UserName")
        var parameters = QueryParameters()
        parameters.set("UserName", user)
        extra(&parameters)
        _ = try await call(action, parameters)
    }
}
