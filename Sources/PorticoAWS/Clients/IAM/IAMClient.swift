/// AWS Identity and Access Management: the role, policy and instance-profile operations Portico
/// uses, on the partition's global endpoint (signed for us-east-1 in the `aws` partition).
///
/// List operations come in two forms: `list…Pages` is an `AWSPages` sequence (one request per
/// page, `pageSize` items each) and `list…` collects every page.
public struct IAMClient: Sendable {
    public let client: AWSClient

    public init(client: AWSClient) { self.client = client }

    func call(_ action: String, _ parameters: QueryParameters = QueryParameters()) async throws -> XMLTree {
        try await QueryProtocol.call(client, service: .iam, action: action, parameters: parameters)
    }

    /// Pages of an IAM list (`Marker` / `IsTruncated` pagination).
    func pages<Item: Sendable>(
        _ action: String, _ parameters: QueryParameters, listName: String, pageSize: Int?,
        item: @escaping @Sendable (XMLTree) throws -> Item
    ) throws -> AWSPages<[Item], String> {
        if let pageSize { try IAMValidation.pageSize(pageSize) }
        return AWSPages { marker in
            var page = parameters
            page.set("MaxItems", pageSize)
            page.set("Marker", marker)
            let result = try await call(action, page)
            let items = try (result.child(listName)?.members ?? []).map(item)
            let truncated = result.bool("IsTruncated") ?? false
            return (items, truncated ? result.string("Marker") : nil)
        }
    }

    // MARK: Roles

    /// `iam:GetRole`.
    public func getRole(name: String) async throws -> IAMRole {
        try IAMValidation.name(name, "RoleName")
        var parameters = QueryParameters()
        parameters.set("RoleName", name)
        let result = try await call("GetRole", parameters)
        guard let role = result.child("Role") else { throw AWSClientError.malformedResponse("GetRole has no Role") }
        return try IAMRole(role)
    }

    /// `iam:ListRoles`, page by page.
    public func listRolesPages(pathPrefix: String? = nil, pageSize: Int? = nil) throws -> AWSPages<[IAMRole], String> {
        var parameters = QueryParameters()
        parameters.set("PathPrefix", pathPrefix)
        return try pages("ListRoles", parameters, listName: "Roles", pageSize: pageSize, item: IAMRole.init)
    }

    /// `iam:ListRoles`, every page.
    public func listRoles(pathPrefix: String? = nil, pageSize: Int? = nil) async throws -> [IAMRole] {
        try await listRolesPages(pathPrefix: pathPrefix, pageSize: pageSize).collect()
    }

    /// `iam:CreateRole`.
    public func createRole(
        name: String, assumeRolePolicyDocument: String, path: String? = nil, description: String? = nil,
        maxSessionDuration: Int? = nil, permissionsBoundaryARN: String? = nil, tags: [AWSTag] = []
    ) async throws -> IAMRole {
        try IAMValidation.name(name, "RoleName")
        try IAMValidation.document(assumeRolePolicyDocument, "AssumeRolePolicyDocument")
        var parameters = QueryParameters()
        parameters.set("RoleName", name)
        parameters.set("AssumeRolePolicyDocument", assumeRolePolicyDocument)
        parameters.set("Path", path)
        parameters.set("Description", description)
        parameters.set("MaxSessionDuration", maxSessionDuration)
        parameters.set("PermissionsBoundary", permissionsBoundaryARN)
        parameters.setTags("Tags", tags)
        let result = try await call("CreateRole", parameters)
        guard let role = result.child("Role") else { throw AWSClientError.malformedResponse("CreateRole has no Role") }
        return try IAMRole(role)
    }

    /// `iam:DeleteRole`.
    public func deleteRole(name: String) async throws {
        try await roleAction("DeleteRole", role: name)
    }

    /// `iam:UpdateAssumeRolePolicy`: replaces the trust policy.
    public func updateAssumeRolePolicy(roleName: String, document: String) async throws {
        try IAMValidation.document(document, "PolicyDocument")
        try await roleAction("UpdateAssumeRolePolicy", role: roleName) { $0.set("PolicyDocument", document) }
    }

    // MARK: Role tags

    /// `iam:TagRole`.
    public func tagRole(name: String, tags: [AWSTag]) async throws {
        try await roleAction("TagRole", role: name) { $0.setTags("Tags", tags) }
    }

    /// `iam:UntagRole`.
    public func untagRole(name: String, tagKeys: [String]) async throws {
        try await roleAction("UntagRole", role: name) { $0.setList("TagKeys", tagKeys) }
    }

    /// `iam:ListRoleTags`, every page.
    public func listRoleTags(name: String, pageSize: Int? = nil) async throws -> [AWSTag] {
        try IAMValidation.name(name, "RoleName")
        var parameters = QueryParameters()
        parameters.set("RoleName", name)
        return try await pages("ListRoleTags", parameters, listName: "Tags", pageSize: pageSize) { member in
            AWSTag(key: try member.required("Key"), value: member.string("Value") ?? "")
        }.collect()
    }

    /// Calls an action whose only required parameter is the role name (plus what `extra` adds).
    func roleAction(
        _ action: String, role: String, _ extra: (inout QueryParameters) -> Void = { _ in }
    ) async throws {
        try IAMValidation.name(role, "RoleName")
        var parameters = QueryParameters()
        parameters.set("RoleName", role)
        extra(&parameters)
        _ = try await call(action, parameters)
    }
}

/// Checks on IAM inputs, so a bad name fails with the parameter named instead of an opaque error.
enum IAMValidation {
    static func name(_ value: String, _ parameter: String) throws {
        guard (1...128).contains(value.count), !value.contains("/") || parameter == "Path" else {
            throw AWSClientError.invalidParameter(name: parameter, reason: "must be 1 to 128 characters without '/'")
        }
    }

    static func document(_ value: String, _ parameter: String) throws {
        guard !value.isEmpty, value.utf8.count <= 131_072 else {
            throw AWSClientError.invalidParameter(name: parameter, reason: "must be 1 to 131072 bytes of JSON")
        }
    }

    static func pageSize(_ value: Int) throws {
        guard (1...1000).contains(value) else {
            throw AWSClientError.invalidParameter(name: "MaxItems", reason: "must be 1 to 1000")
        }
    }
}
