import Foundation
import PorticoAPI
import PorticoTestSupport
import Proto
import Testing

@testable import RequestService

/// `policies.reviewers_by_account`: members of an account's reviewer groups decide changes in
/// that account (without `can_admin_policies`); a request touching another account is not theirs.
@Suite(.serialized) struct AccountReviewerTests {
    typealias S = RequestStack

    @Test func anAccountsReviewerGroupApprovesChangesInThatAccountOnly() async throws {
        try await RequestStack.with(configure: { $0.policies.reviewersByAccount = [S.accountA: ["team-a-reviewers"]] }) { stack in
            // Inline policy in A plus the bucket policy in B: carol reviews A only, so 403.
            let crossAccount = try #require(try await stack.create([S.inline("read-shared", ["s3:GetObject"], on: ["arn:aws:s3:::\(S.bucket)/*"])]).requestID)
            let refused = try await stack.call(
                RequestsMethods.modifyRequest, user: "carol@example.com", groups: ["team-a-reviewers"], id: crossAccount,
                body: PolicyRequestModification(.init(command: "approve_request")))
            #expect(refused.status == 403, "\(refused.bodyJSON)")

            // Only account A: carol's group approves it.
            let inA = try #require(try await stack.create([S.inline("list-all", ["s3:ListAllMyBuckets"], on: ["*"])]).requestID)
            let approved = try await stack.call(
                RequestsMethods.modifyRequest, user: "carol@example.com", groups: ["team-a-reviewers"], id: inA,
                body: PolicyRequestModification(.init(command: "approve_request")))
            #expect(approved.status == 200, "\(approved.bodyJSON)")
            #expect(try await stack.detail(inA).requestStatus == .approved)

            // Someone in no reviewer group may not.
            let other = try #require(try await stack.create([S.inline("list-again", ["s3:ListBucket"], on: ["*"])]).requestID)
            let stranger = try await stack.call(
                RequestsMethods.modifyRequest, user: "dave@example.com", groups: ["engineering"], id: other,
                body: PolicyRequestModification(.init(command: "approve_request")))
            #expect(stranger.status == 403)
        }
    }
}
