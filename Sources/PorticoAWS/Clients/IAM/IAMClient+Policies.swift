/// IAM policies: inline role policies, managed-policy attachment, permissions boundaries, and
/// managed policies with their versions.
extension IAMClient {
    // MARK: Inline role policies

    /// `iam:PutRolePolicy`: adds or replaces an inline policy.
    public func putRolePolicy(roleName: String, policyName: String, document: String) async throws {
        try IAMValidation.name(policyName, "PolicyName")
        try IAMValidation.document(document, "PolicyDocument")
        try await roleAction("PutRolePolicy", role: roleName) {
            $0.set("PolicyName", policyName)
            $0.set("PolicyDocument", document)
        }
    }

    /// `iam:GetRolePolicy`: the inline policy, its document decoded.
    public func getRolePolicy(roleName: String, policyName: String) async throws -> InlinePolicy {
        try IAMValidation.name(roleName, "RoleName")
        try IAMValidation.name(policyName, "PolicyName")
        var parameters = QueryParameters()
        parameters.set("RoleName", roleName)
        parameters.set("PolicyName", policyName)
        let result = try await call("GetRolePolicy", parameters)
        return InlinePolicy(
            name: result.string("PolicyName") ?? policyName,
            document: try PolicyDocumentText.decode(try result.required("PolicyDocument")))
    }

    /// `iam:DeleteRolePolicy`.
    public func deleteRolePolicy(roleName: String, policyName: String) async throws {
        try IAMValidation.name(policyName, "PolicyName")
        try await roleAction("DeleteRolePolicy", role: roleName) { $0.set("PolicyName", policyName) }
    }

    // MARK: Managed policy attachment and boundaries

    /// `iam:AttachRolePolicy`.
    public func attachRolePolicy(roleName: String, policyARN: String) async throws {
        try IAMValidation.arn(policyARN, "PolicyArn")
        try await roleAction("AttachRolePolicy", role: roleName) { $0.set("PolicyArn", policyARN) }
    }

    /// `iam:DetachRolePolicy`.
    public func detachRolePolicy(roleName: String, policyARN: String) async throws {
        try IAMValidation.arn(policyARN, "PolicyArn")
        try await roleAction("DetachRolePolicy", role: roleName) { $0.set("PolicyArn", policyARN) }
    }

    /// `iam:PutRolePermissionsBoundary`.
    public func putRolePermissionsBoundary(roleName: String, policyARN: String) async throws {
        try IAMValidation.arn(policyARN, "PermissionsBoundary")
        try await roleAction("PutRolePermissionsBoundary", role: roleName) { $0.set("PermissionsBoundary", policyARN) }
    }

    /// `iam:DeleteRolePermissionsBoundary`.
    public func deleteRolePermissionsBoundary(roleName: String) async throws {
        try await roleAction("DeleteRolePermissionsBoundary", role: roleName)
    }

    // MARK: Managed policies

    /// Which managed policies `ListPolicies` returns.
    public enum PolicyScope: String, Sendable {
        case all = "All"
        case aws = "AWS"
        case local = "Local"
    }

    /// `iam:ListPolicies`, page by page.
    public func listPoliciesPages(
        scope: PolicyScope = .all, onlyAttached: Bool = false, pathPrefix: String? = nil, pageSize: Int? = nil
    ) throws -> AWSPages<[ManagedPolicy], String> {
        var parameters = QueryParameters()
        parameters.set("Scope", scope.rawValue)
        parameters.set("OnlyAttached", onlyAttached)
        parameters.set("PathPrefix", pathPrefix)
        return try pages("ListPolicies", parameters, listName: "Policies", pageSize: pageSize, item: ManagedPolicy.init)
    }

    /// `iam:ListPolicies`, every page.
    public func listPolicies(
        scope: PolicyScope = .all, onlyAttached: Bool = false, pathPrefix: String? = nil, pageSize: Int? = nil
    ) async throws -> [ManagedPolicy] {
        try await listPoliciesPages(scope: scope, onlyAttached: onlyAttached, pathPrefix: pathPrefix, pageSize: pageSize)
            .collect()
    }

    /// `iam:GetPolicy`.
    public func getPolicy(arn: String) async throws -> ManagedPolicy {
        try IAMValidation.arn(arn, "PolicyArn")
        var parameters = QueryParameters()
        parameters.set("PolicyArn", arn)
        let result = try await call("GetPolicy", parameters)
        guard let policy = result.child("Policy") else { throw AWSClientError.malformedResponse("GetPolicy has no Policy") }
        return try ManagedPolicy(policy)
    }

    /// `iam:CreatePolicy` (for seeding customer managed policies).
    public func createPolicy(name: String, document: String, path: String? = nil, description: String? = nil) async throws
        -> ManagedPolicy
    {
        try IAMValidation.name(name, "PolicyName")
        try IAMValidation.document(document, "PolicyDocument")
        var parameters = QueryParameters()
        parameters.set("PolicyName", name)
        parameters.set("PolicyDocument", document)
        parameters.set("Path", path)
        parameters.set("Description", description)
        let result = try await call("CreatePolicy", parameters)
        guard let policy = result.child("Policy") else { throw AWSClientError.malformedResponse("CreatePolicy has no Policy") }
        return try ManagedPolicy(policy)
    }

    /// `iam:GetPolicyVersion`: one version with its document decoded.
    public func getPolicyVersion(policyARN: String, versionID: String) async throws -> PolicyVersion {
        try IAMValidation.arn(policyARN, "PolicyArn")
        var parameters = QueryParameters()
        parameters.set("PolicyArn", policyARN)
        parameters.set("VersionId", versionID)
        let result = try await call("GetPolicyVersion", parameters)
        guard let version = result.child("PolicyVersion") else {
            throw AWSClientError.malformedResponse("GetPolicyVersion has no PolicyVersion")
        }
        return try PolicyVersion(version)
    }

    /// `iam:CreatePolicyVersion`; `setAsDefault` makes it the version in force.
    public func createPolicyVersion(policyARN: String, document: String, setAsDefault: Bool) async throws -> PolicyVersion {
        try IAMValidation.arn(policyARN, "PolicyArn")
        try IAMValidation.document(document, "PolicyDocument")
        var parameters = QueryParameters()
        parameters.set("PolicyArn", policyARN)
        parameters.set("PolicyDocument", document)
        parameters.set("SetAsDefault", setAsDefault)
        let result = try await call("CreatePolicyVersion", parameters)
        guard let version = result.child("PolicyVersion") else {
            throw AWSClientError.malformedResponse("CreatePolicyVersion has no PolicyVersion")
        }
        return try PolicyVersion(version)
    }
}

extension IAMValidation {
    static func arn(_ value: String, _ parameter: String) throws {
        guard value.hasPrefix("arn:"), (20...2048).contains(value.utf8.count) else {
            throw AWSClientError.invalidParameter(name: parameter, reason: "not an ARN")
        }
    }
}
