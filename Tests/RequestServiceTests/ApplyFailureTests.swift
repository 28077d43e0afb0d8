import Foundation
import PorticoAPI
import PorticoAWS
import PorticoCore
import PorticoTestSupport
import Testing

@testable import RequestService

/// A change AWS refuses: the spoke role in the bucket's account is denied `s3:PutBucketPolicy`
/// (moto evaluates the role's policies), so approving applies alice's inline policy and leaves
/// the bucket policy change `failed` with AWS's message, the request pending and the rest intact;
/// once the denial is lifted, approving again applies only what had failed.
@Suite(.serialized, SuiteFixtureTrait<RequestStack>()) struct ApplyFailureTests {
    typealias S = RequestStack

    static let denyPolicy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:PutBucketPolicy","Resource":"*"}]}"#

    @Test func aChangeTheSpokeRoleMayNotMakeFailsWithAWSsMessageAndTheRestOfTheRequestStands() async throws {
        let stack = try RequestStack.require()
        let spokeB = stack.iam(S.accountB)
        try await spokeB.putRolePolicy(roleName: "PorticoSpoke", policyName: "deny-bucket-policy", document: Self.denyPolicy)

        let created = try await stack.create([S.inline("read-shared", ["s3:GetObject"], on: ["arn:aws:s3:::\(S.bucket)/*"])])
        let id = try #require(created.requestID)
        let (status, response) = try await stack.approve(id)
        #expect(status == 200)
        #expect(response?.errors == 1, "\(String(describing: response?.actionResults))")
        let request = try await stack.detail(id)
        #expect(request.requestStatus == .pending, "not every change applied, so not approved")
        let inline = try #require(request.changes.changes.first { $0.changeType == "inline_policy" })
        let bucketPolicy = try #require(request.changes.changes.first { $0.changeType == "resource_policy" })
        #expect(inline.status == .applied)
        #expect(bucketPolicy.status == .failed)
        #expect(bucketPolicy.failure?.hasPrefix("AccessDenied") == true, "\(bucketPolicy.failure ?? "no failure kept")")
        #expect(try await stack.iam().getRolePolicy(roleName: "alice-role", policyName: "read-shared").document.contains("s3:GetObject"))
        let s3 = S3Client(client: stack.spokes.client(account: S.accountB))
        #expect(try await s3.getBucketPolicy(bucket: S.bucket) == nil)

        // Lifted: approving again applies the failed change only, and approves.
        try await spokeB.deleteRolePolicy(roleName: "PorticoSpoke", policyName: "deny-bucket-policy")
        let (again, outcome) = try await stack.approve(id)
        #expect(again == 200)
        #expect(outcome?.errors == 0, "\(String(describing: outcome?.actionResults))")
        #expect(outcome?.actionResults.count == 1, "only the failed change is applied again: \(String(describing: outcome?.actionResults))")
        #expect(outcome?.request?.requestStatus == .approved)
        let policy = PolicyDocumentCheck.asList(DocumentHash.parse(try await s3.getBucketPolicy(bucket: S.bucket))["Statement"])
        #expect(policy.count == 1)
    }
}
