import Foundation
import PorticoAPI
import PorticoAWS
import PorticoCore
import PorticoTestSupport
import Testing

@testable import RequestService

/// Every change type, created and approved over the wire and then read back from moto through
/// the spoke role: what AWS holds afterwards is what the change said, and nothing more.
@Suite(.serialized, SuiteFixtureTrait<RequestStack>()) struct ChangeTypeApplyTests {
    typealias S = RequestStack

    static func tag(_ arn: String, _ action: String, key: String, value: String? = nil) -> PolicyRequestChange {
        var change = PolicyRequestChange(principal: PolicyRequestPrincipal(principalARN: arn), changeType: .resourceTag)
        change.tagAction = action
        change.key = key
        change.value = value
        return change
    }

    static func statements(_ text: String?) -> [JSONValue] {
        PolicyDocumentCheck.asList(DocumentHash.parse(text)["Statement"])
    }

    @Test func resourceTagsAreCreatedUpdatedAndDeletedOnABucketAQueueAndATopic() async throws {
        let stack = try RequestStack.require()
        let inB = stack.spokes.client(account: S.accountB)
        let s3 = S3Client(client: inB)
        let sqs = SQSClient(client: inB)
        let sns = SNSClient(client: inB)
        let bucketARN = "arn:aws:s3:::\(S.bucket)"

        try await stack.createAndApprove([Self.tag(bucketARN, "create", key: "owner", value: "alice"), Self.tag(bucketARN, "create", key: "team", value: "data")])
        #expect(Set(try await s3.getBucketTagging(bucket: S.bucket)) == [AWSTag(key: "owner", value: "alice"), AWSTag(key: "team", value: "data")])
        try await stack.createAndApprove([Self.tag(bucketARN, "update", key: "owner", value: "bob")])
        #expect(Set(try await s3.getBucketTagging(bucket: S.bucket)) == [AWSTag(key: "owner", value: "bob"), AWSTag(key: "team", value: "data")])
        try await stack.createAndApprove([Self.tag(bucketARN, "delete", key: "owner"), Self.tag(bucketARN, "delete", key: "team")])
        #expect(try await s3.getBucketTagging(bucket: S.bucket).isEmpty)

        let queueURL = try await sqs.getQueueURL(name: S.queue, ownerAccountID: S.accountB)
        try await stack.createAndApprove([Self.tag(S.queueARN, "create", key: "owner", value: "alice"), Self.tag(S.queueARN, "create", key: "cost", value: "1")])
        #expect(Set(try await sqs.listQueueTags(queueURL: queueURL)) == [AWSTag(key: "owner", value: "alice"), AWSTag(key: "cost", value: "1")])
        try await stack.createAndApprove([Self.tag(S.queueARN, "delete", key: "cost")])
        #expect(try await sqs.listQueueTags(queueURL: queueURL) == [AWSTag(key: "owner", value: "alice")])

        try await stack.createAndApprove([Self.tag(S.topicARN, "create", key: "owner", value: "alice")])
        #expect(try await sns.listTagsForResource(arn: S.topicARN) == [AWSTag(key: "owner", value: "alice")])
        try await stack.createAndApprove([Self.tag(S.topicARN, "delete", key: "owner")])
        #expect(try await sns.listTagsForResource(arn: S.topicARN).isEmpty)
    }

    @Test func crossAccountQueueAndTopicPoliciesAreGeneratedAndAppliedWithOnePorticoStatementEach() async throws {
        let stack = try RequestStack.require()
        let inB = stack.spokes.client(account: S.accountB)
        let sns = SNSClient(client: inB)
        let topicBefore = Self.statements(try await sns.getTopicAttributes(topicARN: S.topicARN)["Policy"])
        let request = try await stack.createAndApprove([
            S.inline("send-and-publish", ["sqs:SendMessage", "sns:Publish"], on: [S.queueARN, S.topicARN]),
        ])
        let generated = request.changes.changes.filter { $0.changeType == "resource_policy" }
        #expect(Set(generated.compactMap(\.arn)) == [S.queueARN, S.topicARN])
        #expect(generated.allSatisfy { $0.status == .applied })

        let sqs = SQSClient(client: inB)
        let queueURL = try await sqs.getQueueURL(name: S.queue, ownerAccountID: S.accountB)
        let queuePolicy = Self.statements(try await sqs.getQueueAttributes(queueURL: queueURL, names: ["Policy"])["Policy"])
        #expect(queuePolicy.count == 1, "\(queuePolicy)")
        #expect(queuePolicy.first?["Principal"]?["AWS"]?.arrayValue == [.string(S.roleARN)])
        #expect(queuePolicy.first?["Action"]?.arrayValue == ["sqs:SendMessage"])
        #expect(queuePolicy.first?["Sid"]?.stringValue?.hasPrefix("Portico") == true)

        let topicPolicy = Self.statements(try await sns.getTopicAttributes(topicARN: S.topicARN)["Policy"])
        #expect(topicPolicy.count == topicBefore.count + 1, "the topic's own statements stay: \(topicPolicy)")
        let added = topicPolicy.filter { $0["Sid"]?.stringValue?.hasPrefix("Portico") == true }
        #expect(added.count == 1)
        #expect(added.first?["Action"]?.arrayValue == ["sns:Publish"])
        #expect(added.first?["Resource"]?.arrayValue == [.string(S.topicARN)])
    }

    @Test func aCrossAccountAssumeRoleAddsOneStatementToTheTargetRolesTrustPolicy() async throws {
        let stack = try RequestStack.require()
        let iamB = stack.iam(S.accountB)
        let before = Self.statements(try await iamB.getRole(name: "target-role").assumeRolePolicyDocument)
        let request = try await stack.createAndApprove([S.inline("assume-target", ["sts:AssumeRole"], on: [S.targetRoleARN])])
        let generated = try #require(request.changes.changes.first { $0.changeType == "sts_resource_policy" })
        #expect(generated.arn == S.targetRoleARN)
        #expect(generated.status == .applied)
        let after = Self.statements(try await iamB.getRole(name: "target-role").assumeRolePolicyDocument)
        #expect(after.count == before.count + 1, "\(after)")
        let added = after.filter { $0["Sid"]?.stringValue?.hasPrefix("Portico") == true }
        #expect(added.count == 1)
        #expect(added.first?["Principal"]?["AWS"]?.arrayValue == [.string(S.roleARN)])
        #expect(added.first?["Action"]?.arrayValue == ["sts:AssumeRole"])
    }

    @Test func aPermissionsBoundaryIsSetAndRemoved() async throws {
        let stack = try RequestStack.require()
        let iam = stack.iam()
        let boundary = try await iam.createPolicy(name: "alice-boundary", document: SeededMoto.allowAll)
        var attach = PolicyRequestChange(principal: PolicyRequestPrincipal(principalARN: S.roleARN), changeType: .permissionsBoundary)
        attach.arn = boundary.arn
        attach.action = "attach"
        try await stack.createAndApprove([attach])
        #expect(try await iam.getRole(name: "alice-role").permissionsBoundaryARN == boundary.arn)

        var detach = attach
        detach.action = "detach"
        try await stack.createAndApprove([detach])
        #expect(try await iam.getRole(name: "alice-role").permissionsBoundaryARN == nil)
    }

    @Test func anAssumeRolePolicyIsReplacedAndTheOldOneKeptAsBefore() async throws {
        let stack = try RequestStack.require()
        let iam = stack.iam()
        let old = DocumentHash.parse(try await iam.getRole(name: "alice-role").assumeRolePolicyDocument)
        var change = PolicyRequestChange(principal: PolicyRequestPrincipal(principalARN: S.roleARN), changeType: .assumeRolePolicy)
        let trust: JSONValue = [
            "Version": "2012-10-17",
            "Statement": [[
                "Effect": "Allow", "Principal": ["AWS": .string("arn:aws:iam::\(S.accountB):role/target-role")], "Action": "sts:AssumeRole",
            ]],
        ]
        change.policy = PolicyRequestDocument(policyDocument: trust)
        let request = try await stack.createAndApprove([change])
        let now = DocumentHash.parse(try await iam.getRole(name: "alice-role").assumeRolePolicyDocument)
        #expect(DocumentHash.of(now) == DocumentHash.of(trust), "\(now)")
        #expect(request.changes.changes.first?.oldPolicy.map { DocumentHash.of($0.policyDocument) } == DocumentHash.of(old))
    }

    @Test func aManagedPolicyIsCreatedThenGivenNewDefaultVersionsPruningTheOldestAtFive() async throws {
        let stack = try RequestStack.require()
        let iam = stack.iam()
        let arn = "arn:aws:iam::\(S.accountA):policy/portico-made"
        func version(_ n: Int) -> PolicyRequestChange {
            var change = PolicyRequestChange(principal: PolicyRequestPrincipal(principalARN: arn), changeType: .managedPolicyResource)
            change.policy = S.document(["s3:GetObject"], on: ["arn:aws:s3:::bucket-\(n)/*"])
            return change
        }
        try await stack.createAndApprove([version(1)])
        #expect(try await iam.listPolicyVersions(policyARN: arn).map(\.versionID) == ["v1"])
        for n in 2...5 { try await stack.createAndApprove([version(n)]) }
        #expect(try await iam.listPolicyVersions(policyARN: arn).count == 5)
        try await stack.createAndApprove([version(6)])
        let versions = try await iam.listPolicyVersions(policyARN: arn)
        #expect(Set(versions.map(\.versionID)) == ["v2", "v3", "v4", "v5", "v6"], "the oldest non-default one went")
        let current = try #require(versions.first { $0.isDefaultVersion })
        #expect(current.versionID == "v6")
        let document = try await iam.getPolicyVersion(policyARN: arn, versionID: current.versionID).document
        #expect(document?.contains("bucket-6") == true)
    }

    @Test func aManagedPolicyAttachedThroughARequestIsDetachedThroughAnother() async throws {
        let stack = try RequestStack.require()
        let iam = stack.iam()
        let managed = try await iam.createPolicy(name: "to-detach", document: SeededMoto.allowAll)
        var attach = PolicyRequestChange(principal: PolicyRequestPrincipal(principalARN: S.roleARN), changeType: .managedPolicy)
        attach.arn = managed.arn
        attach.action = "attach"
        try await stack.createAndApprove([attach])
        #expect(try await iam.listAttachedRolePolicies(roleName: "alice-role").map(\.policyARN).contains(managed.arn))
        var detach = attach
        detach.action = "detach"
        try await stack.createAndApprove([detach])
        #expect(try await !iam.listAttachedRolePolicies(roleName: "alice-role").map(\.policyARN).contains(managed.arn))
    }

    @Test func anInlinePolicyIsDetachedAndItsDocumentKeptAsBefore() async throws {
        let stack = try RequestStack.require()
        let iam = stack.iam()
        try await stack.createAndApprove([S.inline("to-remove", ["s3:ListAllMyBuckets"], on: ["*"])])
        #expect(try await iam.listRolePolicyNames(roleName: "alice-role").contains("to-remove"))
        let request = try await stack.createAndApprove([S.inline("to-remove", [], on: [], action: "detach")])
        #expect(try await !iam.listRolePolicyNames(roleName: "alice-role").contains("to-remove"))
        #expect(request.changes.changes.first?.oldPolicy?.policyDocument.jsonText.contains("s3:ListAllMyBuckets") == true)
    }
}
