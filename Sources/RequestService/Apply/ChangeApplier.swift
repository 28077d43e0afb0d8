import Foundation
import PorticoAPI
import PorticoAWS
import PorticoCore

/// Applies one change through the spoke role (`policies.role_name`) in the account it lands in,
/// and takes a temporary grant away again. The current document is read just before writing and
/// kept as the change's `old_policy`. Every operation is idempotent, so a retry after a timeout
/// or a crash does not apply twice: inline and trust policies are put whole, attachments and tags
/// are set, resource policies replace Portico's own statement (by Sid), and a new managed policy
/// version is made only when the default differs.
struct ChangeApplier: Sendable {
    let spokes: SpokeSessions

    /// What applying did: the change as it now stands (status, before document, failure).
    func apply(_ change: PolicyRequestChange, now: Date) async -> PolicyRequestChange {
        var result = change
        do {
            try await perform(&result)
            result.status = .applied
            result.failure = nil
            result.appliedAt = ISO8601DateFormatter().string(from: now)
        } catch {
            result.status = .failed
            result.failure = Self.message(error)
        }
        return result
    }

    /// Takes away what an applied grant gave (expiry or `end_access`).
    /// - Throws: AWS's error, to be retried by the expiry worker.
    func remove(_ change: PolicyRequestChange) async throws {
        let target = try self.target(of: change)
        let iam = IAMClient(client: spokes.client(account: target.account))
        switch change.knownType {
        case .inlinePolicy:
            guard let name = change.policyName else { return }
            try await ignoringMissing {
                target.kind == .user
                    ? try await iam.deleteUserPolicy(userName: target.name, policyName: name)
                    : try await iam.deleteRolePolicy(roleName: target.name, policyName: name)
            }
        case .managedPolicy:
            guard let arn = change.arn else { return }
            try await ignoringMissing {
                target.kind == .user
                    ? try await iam.detachUserPolicy(userName: target.name, policyARN: arn)
                    : try await iam.detachRolePolicy(roleName: target.name, policyARN: arn)
            }
        case .permissionsBoundary:
            try await ignoringMissing {
                target.kind == .user
                    ? try await iam.deleteUserPermissionsBoundary(userName: target.name)
                    : try await iam.deleteRolePermissionsBoundary(roleName: target.name)
            }
        case .resourceTag:
            guard let key = change.key else { return }
            try await untag(target, keys: [key], iam: iam)
        case .resourcePolicy, .stsResourcePolicy:
            let current = try await currentPolicy(target)
            try await putPolicy(target, ResourcePolicyMerge.removing(sid: change.porticoSid, from: current))
        case .assumeRolePolicy, .managedPolicyResource, nil:
            return
        }
    }

    // MARK: Applying

    private func perform(_ change: inout PolicyRequestChange) async throws {
        let target = try target(of: change)
        let iam = IAMClient(client: spokes.client(account: target.account))
        switch change.knownType {
        case .inlinePolicy:
            guard let name = change.policyName else { throw ApplyFailure("the change names no policy") }
            let current = try? await (target.kind == .user
                ? iam.getUserPolicy(userName: target.name, policyName: name)
                : iam.getRolePolicy(roleName: target.name, policyName: name))
            if let current { change.oldPolicy = document(current.document) }
            if change.action == "detach" {
                try await ignoringMissing {
                    target.kind == .user
                        ? try await iam.deleteUserPolicy(userName: target.name, policyName: name)
                        : try await iam.deleteRolePolicy(roleName: target.name, policyName: name)
                }
            } else {
                let text = try policyText(change)
                target.kind == .user
                    ? try await iam.putUserPolicy(userName: target.name, policyName: name, document: text)
                    : try await iam.putRolePolicy(roleName: target.name, policyName: name, document: text)
            }
        case .managedPolicy:
            guard let arn = change.arn else { throw ApplyFailure("the change names no policy ARN") }
            if change.action == "detach" {
                try await ignoringMissing {
                    target.kind == .user
                        ? try await iam.detachUserPolicy(userName: target.name, policyARN: arn)
                        : try await iam.detachRolePolicy(roleName: target.name, policyARN: arn)
                }
            } else {
                target.kind == .user
                    ? try await iam.attachUserPolicy(userName: target.name, policyARN: arn)
                    : try await iam.attachRolePolicy(roleName: target.name, policyARN: arn)
            }
        case .permissionsBoundary:
            guard let arn = change.arn else { throw ApplyFailure("the change names no policy ARN") }
            if change.action == "detach" {
                try await ignoringMissing {
                    target.kind == .user
                        ? try await iam.deleteUserPermissionsBoundary(userName: target.name)
                        : try await iam.deleteRolePermissionsBoundary(roleName: target.name)
                }
            } else {
                target.kind == .user
                    ? try await iam.putUserPermissionsBoundary(userName: target.name, policyARN: arn)
                    : try await iam.putRolePermissionsBoundary(roleName: target.name, policyARN: arn)
            }
        case .assumeRolePolicy:
            guard target.kind == .role else { throw ApplyFailure("only roles have an assume role policy") }
            change.oldPolicy = document(try await iam.getRole(name: target.name).assumeRolePolicyDocument)
            try await iam.updateAssumeRolePolicy(roleName: target.name, document: try policyText(change))
        case .resourceTag:
            guard let key = change.key else { throw ApplyFailure("the change names no tag key") }
            if change.tagAction == "delete" {
                try await untag(target, keys: [key], iam: iam)
            } else {
                try await tag(target, AWSTag(key: key, value: change.value ?? ""), iam: iam)
                if let original = change.originalKey, !original.isEmpty, original != key {
                    try await untag(target, keys: [original], iam: iam)
                }
            }
        case .managedPolicyResource:
            try await applyManagedPolicy(&change, target: target, iam: iam)
        case .resourcePolicy, .stsResourcePolicy:
            let current = try await currentPolicy(target)
            change.oldPolicy = PolicyRequestDocument(policyDocument: current, policySHA256: DocumentHash.of(current))
            guard let wanted = change.policy?.policyDocument else { throw ApplyFailure("the change carries no policy") }
            let next: JSONValue
            if change.autogenerated == true, let statement = ResourcePolicyMerge.statement(sid: change.porticoSid, in: wanted) {
                next = ResourcePolicyMerge.putting(statement, into: current)
            } else {
                next = wanted
            }
            change.policy = PolicyRequestDocument(policyDocument: next, policySHA256: DocumentHash.of(next))
            try await putPolicy(target, next)
        case nil:
            throw ApplyFailure("change type \(change.changeType) is not supported")
        }
    }

    private func applyManagedPolicy(_ change: inout PolicyRequestChange, target: ChangeTarget, iam: IAMClient) async throws {
        let text = try policyText(change)
        let wanted = DocumentHash.parse(text)
        let existing: ManagedPolicy? = try await ignoringMissingValue { try await iam.getPolicy(arn: target.arn) }
        guard let existing else {
            _ = try await iam.createPolicy(
                name: target.name, document: text, path: target.path, description: "Created through Portico")
            return
        }
        let versions = try await iam.listPolicyVersions(policyARN: target.arn)
        if let current = versions.first(where: \.isDefaultVersion) {
            let document = try await iam.getPolicyVersion(policyARN: target.arn, versionID: current.versionID).document
            let old = DocumentHash.parse(document)
            change.oldPolicy = PolicyRequestDocument(policyDocument: old, policySHA256: DocumentHash.of(old))
            // Already in force (a retry after the version was made): nothing to do.
            if DocumentHash.of(old) == DocumentHash.of(wanted) { return }
        }
        _ = existing
        if versions.count >= 5 {
            let oldest = versions.filter { !$0.isDefaultVersion }.min {
                ($0.createDate ?? .distantPast, $0.versionID) < ($1.createDate ?? .distantPast, $1.versionID)
            }
            if let oldest { try await iam.deletePolicyVersion(policyARN: target.arn, versionID: oldest.versionID) }
        }
        _ = try await iam.createPolicyVersion(policyARN: target.arn, document: text, setAsDefault: true)
    }

    // MARK: Resource policies

    func currentPolicy(_ target: ChangeTarget) async throws -> JSONValue {
        let client = spokes.client(account: target.account)
        switch target.kind {
        case .role: return DocumentHash.parse(try await IAMClient(client: client).getRole(name: target.name).assumeRolePolicyDocument)
        case .bucket:
            let s3 = try await bucketClient(target)
            return DocumentHash.parse(try await s3.getBucketPolicy(bucket: target.name))
        case .queue:
            let sqs = SQSClient(client: Self.regional(client, target.region))
            let url = try await sqs.getQueueURL(name: target.name, ownerAccountID: target.account)
            return DocumentHash.parse(try await sqs.getQueueAttributes(queueURL: url, names: ["Policy"])["Policy"])
        case .topic:
            let sns = SNSClient(client: Self.regional(client, target.region))
            return DocumentHash.parse(try await sns.getTopicAttributes(topicARN: target.arn)["Policy"])
        case .user, .policy: throw ApplyFailure("\(target.arn) has no resource policy")
        }
    }

    private func putPolicy(_ target: ChangeTarget, _ document: JSONValue) async throws {
        let client = spokes.client(account: target.account)
        let text = document.jsonText
        switch target.kind {
        case .role: try await IAMClient(client: client).updateAssumeRolePolicy(roleName: target.name, document: text)
        case .bucket: try await bucketClient(target).putBucketPolicy(bucket: target.name, policy: text)
        case .queue:
            let sqs = SQSClient(client: Self.regional(client, target.region))
            let url = try await sqs.getQueueURL(name: target.name, ownerAccountID: target.account)
            try await sqs.setQueueAttributes(queueURL: url, attributes: ["Policy": text])
        case .topic:
            try await SNSClient(client: Self.regional(client, target.region)).setTopicAttribute(topicARN: target.arn, name: "Policy", value: text)
        case .user, .policy: throw ApplyFailure("\(target.arn) has no resource policy")
        }
    }

    func bucketClient(_ target: ChangeTarget) async throws -> S3Client {
        let s3 = S3Client(client: spokes.client(account: target.account))
        return s3.inRegion(try await s3.getBucketLocation(bucket: target.name))
    }

    // MARK: Tags

    private func tag(_ target: ChangeTarget, _ tag: AWSTag, iam: IAMClient) async throws {
        switch target.kind {
        case .role: try await iam.tagRole(name: target.name, tags: [tag])
        case .user: try await iam.tagUser(name: target.name, tags: [tag])
        case .policy: try await iam.tagPolicy(arn: target.arn, tags: [tag])
        case .bucket:
            // S3 writes the whole set: the others stay as they are, this key takes the new value.
            let s3 = try await bucketClient(target)
            let current = try await s3.getBucketTagging(bucket: target.name)
            try await s3.putBucketTagging(bucket: target.name, tags: current.filter { $0.key != tag.key } + [tag])
        case .queue:
            let sqs = SQSClient(client: Self.regional(spokes.client(account: target.account), target.region))
            try await sqs.tagQueue(
                queueURL: try await sqs.getQueueURL(name: target.name, ownerAccountID: target.account), tags: [tag])
        case .topic:
            try await SNSClient(client: Self.regional(spokes.client(account: target.account), target.region))
                .tagResource(arn: target.arn, tags: [tag])
        }
    }

    private func untag(_ target: ChangeTarget, keys: [String], iam: IAMClient) async throws {
        switch target.kind {
        case .role: try await iam.untagRole(name: target.name, tagKeys: keys)
        case .user: try await iam.untagUser(name: target.name, tagKeys: keys)
        case .policy: try await iam.untagPolicy(arn: target.arn, tagKeys: keys)
        case .bucket:
            let s3 = try await bucketClient(target)
            let current = try await s3.getBucketTagging(bucket: target.name)
            let kept = current.filter { !keys.contains($0.key) }
            guard kept.count != current.count else { return }
            kept.isEmpty
                ? try await s3.deleteBucketTagging(bucket: target.name)
                : try await s3.putBucketTagging(bucket: target.name, tags: kept)
        case .queue:
            let sqs = SQSClient(client: Self.regional(spokes.client(account: target.account), target.region))
            try await sqs.untagQueue(
                queueURL: try await sqs.getQueueURL(name: target.name, ownerAccountID: target.account), keys: keys)
        case .topic:
            try await SNSClient(client: Self.regional(spokes.client(account: target.account), target.region))
                .untagResource(arn: target.arn, keys: keys)
        }
    }

    // MARK: Helpers

    /// Where the change lands: the resource of a resource policy, else the principal.
    func target(of change: PolicyRequestChange) throws -> ChangeTarget {
        let arn: String
        switch change.knownType {
        case .resourcePolicy, .stsResourcePolicy: arn = change.arn ?? ""
        default: arn = change.principal.principalARN
        }
        let account = change.resources?.first?.accountID
        guard let target = ChangeTarget(arn, account: account) else {
            throw ApplyFailure("cannot tell the account of \(arn.prefix(200))")
        }
        return target
    }

    private func policyText(_ change: PolicyRequestChange) throws -> String {
        guard let document = change.policy?.policyDocument else { throw ApplyFailure("the change carries no policy document") }
        return document.jsonText
    }

    private func document(_ text: String?) -> PolicyRequestDocument {
        let value = DocumentHash.parse(text)
        return PolicyRequestDocument(policyDocument: value, policySHA256: DocumentHash.of(value))
    }

    private func ignoringMissing(_ body: () async throws -> Void) async throws {
        do { try await body() } catch let error as AWSError where error.code == "NoSuchEntity" {}
    }

    func ignoringMissingValue<T>(_ body: () async throws -> T) async throws -> T? {
        do { return try await body() } catch let error as AWSError where error.code == "NoSuchEntity" { return nil }
    }

    static func regional(_ client: AWSClient, _ region: String) -> AWSClient {
        guard !region.isEmpty else { return client }
        var configuration = client.configuration
        configuration.region = region
        return client.with(configuration: configuration)
    }

    static func message(_ error: any Error) -> String {
        if let aws = error as? AWSError { return "\(aws.code): \(aws.message)" }
        return "\(error)"
    }
}

/// Why a change could not be applied, in words for the request's reader.
struct ApplyFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
