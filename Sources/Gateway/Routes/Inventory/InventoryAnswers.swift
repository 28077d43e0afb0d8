import PorticoAPI
import Proto

/// The cache's items in ConsoleMe's inventory shapes (`PorticoAPI.InventoryPrincipal`,
/// `InventoryResource`), and the web UI's URL of an item (`get_resource_url`).
enum InventoryAnswers {
    static func principal(_ detail: CacheItemDetailResponse, item: CacheItem) -> InventoryPrincipal {
        var boundary: [String: String] = [:]
        if let arn = item.attributes["permissionsBoundary"] {
            boundary = ["PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": arn]
        }
        return InventoryPrincipal(
            name: item.name, accountID: item.accountID, accountName: detail.accountName, arn: item.arn,
            inlinePolicies: item.inlinePolicies.map { .init(policyName: $0.name, policyDocument: InventoryJSON(parsing: $0.document)) },
            assumeRolePolicyDocument: item.type == "role" && !item.policyDocument.isEmpty ? InventoryJSON(parsing: item.policyDocument) : nil,
            managedPolicies: item.attachedPolicies.map { .init(policyName: $0.name, policyARN: $0.arn) },
            permissionsBoundary: boundary,
            tags: item.tags.sorted { $0.key < $1.key }.map { .init(key: $0.key, value: $0.value) },
            createdTime: item.attributes["createDate"], description: item.attributes["description"],
            maxSessionDuration: item.attributes["maxSessionDuration"].flatMap { Int($0) },
            groups: item.type == "user" ? item.groups : nil,
            credentialGrants: detail.credentialGrants.map { .init(principal: $0.principal, cliOnly: $0.cliOnly, source: $0.source) },
            lastSwept: InventoryLookup.timestamp(detail.sweptAtUnixMs))
    }

    static func resource(_ detail: CacheItemDetailResponse, item: CacheItem, canSaveDelete: Bool) -> InventoryResource {
        var details: [String: InventoryJSON] = [:]
        for (key, value) in item.attributes { details[key] = .string(value) }
        details["Policy"] = item.policyDocument.isEmpty ? .object([:]) : InventoryJSON(parsing: item.policyDocument)
        details["TagSet"] = .array(item.tags.sorted { $0.key < $1.key }.map {
            .object(["Key": .string($0.key), "Value": .string($0.value)])
        })
        if let url = item.attributes["url"] { details["QueueUrl"] = .string(url) }
        details["created_time"] = item.attributes["createDate"].map(InventoryJSON.string) ?? .null
        return InventoryResource(
            arn: item.arn, resourceDetails: details, accountID: item.accountID, accountName: detail.accountName,
            canSaveDelete: canSaveDelete, lastSwept: InventoryLookup.timestamp(detail.sweptAtUnixMs))
    }

    /// ConsoleMe's web UI path for an item: roles `/policies/edit/<acct>/iamrole/<name>`, customer
    /// policies `/managed_policy/<path+name>`, buckets `/s3/<bucket>`, queues and topics
    /// `/<svc>/<region>/<name>`; nil for other types.
    static func url(of item: CacheItem) -> String? {
        let resource = item.arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).last.map(String.init) ?? ""
        switch item.type {
        case "role": return "/policies/edit/\(item.accountID)/iamrole/\(item.name)"
        case "user": return "/policies/edit/\(item.accountID)/iamuser/\(item.name)"
        case "policy": return "/policies/edit/\(item.accountID)/managed_policy/\(resource.dropFirst("policy/".count))"
        case "s3_bucket": return "/policies/edit/\(item.accountID)/s3/\(item.name)"
        case "sqs_queue": return "/policies/edit/\(item.accountID)/sqs/\(item.region)/\(item.name)"
        case "sns_topic": return "/policies/edit/\(item.accountID)/sns/\(item.region)/\(item.name)"
        default: return nil
        }
    }
}
