/// `iam:GetAccountAuthorizationDetails`: every role, user, group and managed policy of an account
/// with their policies, in one paginated sweep (what the inventory cache reads per account).
extension IAMClient {
    /// What to include; empty means everything.
    public enum AuthorizationDetailsFilter: String, Sendable {
        case user = "User"
        case role = "Role"
        case group = "Group"
        case localManagedPolicy = "LocalManagedPolicy"
        case awsManagedPolicy = "AWSManagedPolicy"
    }

    /// The details page by page.
    public func getAccountAuthorizationDetailsPages(
        filter: [AuthorizationDetailsFilter] = [], pageSize: Int? = nil
    ) throws -> AWSPages<AccountAuthorizationDetails, String> {
        if let pageSize { try IAMValidation.pageSize(pageSize) }
        var parameters = QueryParameters()
        parameters.setList("Filter", filter.map(\.rawValue))
        let base = parameters
        return AWSPages { marker in
            var page = base
            page.set("MaxItems", pageSize)
            page.set("Marker", marker)
            let result = try await call("GetAccountAuthorizationDetails", page)
            let truncated = result.bool("IsTruncated") ?? false
            return (try AccountAuthorizationDetails(result), truncated ? result.string("Marker") : nil)
        }
    }

    /// Every page merged into one value.
    public func getAccountAuthorizationDetails(
        filter: [AuthorizationDetailsFilter] = [], pageSize: Int? = nil
    ) async throws -> AccountAuthorizationDetails {
        var merged = AccountAuthorizationDetails()
        for try await page in try getAccountAuthorizationDetailsPages(filter: filter, pageSize: pageSize) {
            merged.roles += page.roles
            merged.users += page.users
            merged.groups += page.groups
            merged.policies += page.policies
        }
        return merged
    }
}

/// An account's IAM principals and managed policies with everything attached to them.
public struct AccountAuthorizationDetails: Sendable, Equatable {
    public var roles: [RoleDetail] = []
    public var users: [UserDetail] = []
    public var groups: [GroupDetail] = []
    public var policies: [ManagedPolicyDetail] = []

    init() {}

    init(_ result: XMLTree) throws {
        roles = try (result.child("RoleDetailList")?.members ?? []).map(RoleDetail.init)
        users = try (result.child("UserDetailList")?.members ?? []).map(UserDetail.init)
        groups = try (result.child("GroupDetailList")?.members ?? []).map(GroupDetail.init)
        policies = try (result.child("Policies")?.members ?? []).map(ManagedPolicyDetail.init)
    }
}

/// A role with its inline policies, attached managed policies and instance profiles.
public struct RoleDetail: Sendable, Equatable {
    public var role: IAMRole
    public var inlinePolicies: [InlinePolicy]
    public var attachedPolicies: [AttachedPolicy]
    public var instanceProfiles: [InstanceProfile]

    init(_ node: XMLTree) throws {
        role = try IAMRole(node)
        inlinePolicies = try InlinePolicy.list(node.child("RolePolicyList"))
        attachedPolicies = try (node.child("AttachedManagedPolicies")?.members ?? []).map(AttachedPolicy.init)
        instanceProfiles = try (node.child("InstanceProfileList")?.members ?? []).map(InstanceProfile.init)
    }
}

/// A user with its policies and group memberships.
public struct UserDetail: Sendable, Equatable {
    public var user: IAMUser
    public var inlinePolicies: [InlinePolicy]
    public var attachedPolicies: [AttachedPolicy]
    public var groupNames: [String]
    public var tags: [AWSTag]

    init(_ node: XMLTree) throws {
        user = try IAMUser(node)
        inlinePolicies = try InlinePolicy.list(node.child("UserPolicyList"))
        attachedPolicies = try (node.child("AttachedManagedPolicies")?.members ?? []).map(AttachedPolicy.init)
        groupNames = node.child("GroupList")?.members.map(\.text) ?? []
        tags = node.child("Tags")?.tags ?? []
    }
}

/// A group with its policies.
public struct GroupDetail: Sendable, Equatable {
    public var groupName: String
    public var groupID: String
    public var arn: String
    public var path: String
    public var inlinePolicies: [InlinePolicy]
    public var attachedPolicies: [AttachedPolicy]

    init(_ node: XMLTree) throws {
        groupName = try node.required("GroupName")
        groupID = node.string("GroupId") ?? ""
        arn = try node.required("Arn")
        path = node.string("Path") ?? "/"
        inlinePolicies = try InlinePolicy.list(node.child("GroupPolicyList"))
        attachedPolicies = try (node.child("AttachedManagedPolicies")?.members ?? []).map(AttachedPolicy.init)
    }
}

/// A managed policy with all its versions (documents decoded).
public struct ManagedPolicyDetail: Sendable, Equatable {
    public var policy: ManagedPolicy
    public var versions: [PolicyVersion]

    /// The document of the default version.
    public var defaultDocument: String? {
        versions.first(where: \.isDefaultVersion)?.document
    }

    init(_ node: XMLTree) throws {
        policy = try ManagedPolicy(node)
        versions = try (node.child("PolicyVersionList")?.members ?? []).map(PolicyVersion.init)
    }
}

extension InlinePolicy {
    /// `<…PolicyList><member><PolicyName/><PolicyDocument/></member>…`, documents decoded.
    static func list(_ node: XMLTree?) throws -> [InlinePolicy] {
        try (node?.members ?? []).map { member in
            InlinePolicy(
                name: try member.required("PolicyName"),
                document: try PolicyDocumentText.decode(try member.required("PolicyDocument")))
        }
    }
}
