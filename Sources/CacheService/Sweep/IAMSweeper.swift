import Foundation
import PorticoAWS

/// Reads an account's roles (trust policy, inline and attached policies, tags, maximum session
/// duration), users, groups and customer-managed policies with `GetAccountAuthorizationDetails`,
/// page by page, and `ListRoles` for what that leaves out of roles (maximum session duration,
/// description). AWS-managed policies are left out: they are the same in every account.
struct IAMSweeper: Sweeper {
    func sweep(_ context: SweepContext) async throws -> [InventoryItem] {
        let iam = IAMClient(client: context.client)
        let account = context.scope.account
        var listed: [String: IAMRole] = [:]
        var roles = try iam.listRolesPages(pageSize: 1000).makeAsyncIterator()
        while let page = try await context.calls.call({ try await roles.next() }) {
            for role in page { listed[role.arn] = role }
        }
        var items: [InventoryItem] = []
        let pages = try iam.getAccountAuthorizationDetailsPages(filter: [.role, .user, .group, .localManagedPolicy])
        var iterator = pages.makeAsyncIterator()
        while let page = try await context.calls.call({ try await iterator.next() }) {
            items += page.roles.map { Self.item($0, listed: listed[$0.role.arn], account: account) }
            items += page.users.map { Self.item($0, account: account) }
            items += page.groups.map { Self.item($0, account: account) }
            items += page.policies.map { Self.item($0, account: account) }
        }
        return items
    }

    static func item(_ detail: RoleDetail, listed: IAMRole?, account: String) -> InventoryItem {
        let role = detail.role
        var attributes: [String: String] = ["path": role.path]
        attributes.set("roleId", role.roleID)
        attributes.set("description", role.description ?? listed?.description)
        attributes.set("maxSessionDuration", (role.maxSessionDuration ?? listed?.maxSessionDuration).map(String.init))
        attributes.set("permissionsBoundary", role.permissionsBoundaryARN)
        attributes.set("createDate", role.createDate.map(ISO8601Timestamp.format))
        attributes.set("instanceProfiles", detail.instanceProfiles.map(\.arn).sorted().joined(separator: " "))
        return InventoryItem(
            arn: role.arn, type: .role, name: role.roleName, accountID: account,
            tags: role.tags.map { InventoryTag(key: $0.key, value: $0.value) },
            policyDocument: role.assumeRolePolicyDocument,
            inlinePolicies: detail.inlinePolicies.map { NamedPolicy(name: $0.name, document: $0.document) },
            attachedPolicies: detail.attachedPolicies.map { AttachedPolicyReference(name: $0.policyName, arn: $0.policyARN) },
            attributes: attributes)
    }

    static func item(_ detail: UserDetail, account: String) -> InventoryItem {
        var attributes: [String: String] = ["path": detail.user.path]
        attributes.set("userId", detail.user.userID)
        return InventoryItem(
            arn: detail.user.arn, type: .user, name: detail.user.userName, accountID: account,
            tags: detail.tags.map { InventoryTag(key: $0.key, value: $0.value) },
            inlinePolicies: detail.inlinePolicies.map { NamedPolicy(name: $0.name, document: $0.document) },
            attachedPolicies: detail.attachedPolicies.map { AttachedPolicyReference(name: $0.policyName, arn: $0.policyARN) },
            groups: detail.groupNames.sorted(), attributes: attributes)
    }

    static func item(_ detail: GroupDetail, account: String) -> InventoryItem {
        var attributes: [String: String] = ["path": detail.path]
        attributes.set("groupId", detail.groupID)
        return InventoryItem(
            arn: detail.arn, type: .group, name: detail.groupName, accountID: account,
            inlinePolicies: detail.inlinePolicies.map { NamedPolicy(name: $0.name, document: $0.document) },
            attachedPolicies: detail.attachedPolicies.map { AttachedPolicyReference(name: $0.policyName, arn: $0.policyARN) },
            attributes: attributes)
    }

    static func item(_ detail: ManagedPolicyDetail, account: String) -> InventoryItem {
        item(detail.policy, document: detail.defaultDocument, account: account)
    }

    static func item(_ policy: ManagedPolicy, document: String?, account: String) -> InventoryItem {
        var attributes: [String: String] = ["path": policy.path]
        attributes.set("policyId", policy.policyID)
        attributes.set("defaultVersionId", policy.defaultVersionID)
        attributes.set("description", policy.description)
        attributes["attachmentCount"] = String(policy.attachmentCount)
        attributes.set("updateDate", policy.updateDate.map(ISO8601Timestamp.format))
        return InventoryItem(
            arn: policy.arn, type: .managedPolicy, name: policy.policyName, accountID: account,
            policyDocument: document, attributes: attributes)
    }
}
