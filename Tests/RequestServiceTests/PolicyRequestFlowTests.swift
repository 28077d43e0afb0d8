import Foundation
import Logging
import PorticoAPI
import PorticoAWS
import PorticoConfig
import PorticoCore
import PorticoHTTP
import PorticoRedis
import PorticoService
import PorticoTestSupport
import Proto
import Testing

@testable import CacheService
@testable import RequestService

/// The request service over the wire, against moto (signature checking on) and redis-server,
/// with a real cache service beside it: create with the cross-account bucket policy generated at
/// once, self-approval refused, a reviewer's approval applied in AWS, two reviewers at once,
/// malformed requests refused naming the field.
@Suite(.serialized) struct PolicyRequestFlowTests {
    static let accountA = RequestStack.accountA
    static let accountB = RequestStack.accountB
    static let roleARN = RequestStack.roleARN
    static let bucket = RequestStack.bucket

    typealias Stack = RequestStack

    static func logger(_ label: String) -> Logger { RequestStack.logger(label) }

    static func withStack(_ body: (Stack) async throws -> Void) async throws {
        try await RequestStack.with(body)
    }

    static func call(
        _ stack: Stack, _ method: RPCMethod<PolicyRequestCall, PolicyRequestReply>, user: String, admin: Bool = false,
        id: String = "", body: some Encodable
    ) async throws -> PolicyRequestReply {
        try await stack.call(method, user: user, admin: admin, id: id, body: body)
    }

    static func inlineRequest(name: String) -> PolicyRequestCreation {
        var change = PolicyRequestChange(principal: PolicyRequestPrincipal(principalARN: roleARN), changeType: .inlinePolicy)
        change.policyName = name
        change.action = "attach"
        change.policy = PolicyRequestDocument(policyDocument: [
            "Version": "2012-10-17",
            "Statement": [["Effect": "Allow", "Action": ["s3:GetObject"], "Resource": .string("arn:aws:s3:::\(bucket)/*")]],
        ])
        return PolicyRequestCreation(justification: "need to read the shared bucket", changes: [change])
    }

    static func approve() -> PolicyRequestModification { PolicyRequestModification(.init(command: "approve_request")) }

    @Test func aReviewersApprovalAppliesTheInlinePolicyAndExactlyOneBucketStatementWhileTheRequesterIsRefused() async throws {
        try await Self.withStack { stack in
            let created = try await Self.call(stack, RequestsMethods.createRequest, user: "alice@example.com", body: Self.inlineRequest(name: "read-shared"))
            #expect(created.status == 200, "\(created.bodyJSON)")
            let response = try APIJSON.decode(PolicyRequestCreationResponse.self, from: Data(created.bodyJSON.utf8))
            let generated = try #require(
                response.extendedRequest.changes.changes.first { $0.changeType == "resource_policy" }, "\(created.bodyJSON)")
            #expect(generated.arn == "arn:aws:s3:::\(Self.bucket)")
            #expect(generated.supported == true)
            #expect(generated.newlyAllowed == ["s3:GetObject arn:aws:s3:::\(Self.bucket)/*"])
            let inlineChange = try #require(response.extendedRequest.changes.changes.first { $0.changeType == "inline_policy" })
            #expect(inlineChange.newlyAllowed == ["s3:GetObject arn:aws:s3:::\(Self.bucket)/*"])
            #expect(inlineChange.noLongerAllowed == [])
            #expect(inlineChange.warnings == [])
            let statements = generated.policy?.policyDocument["Statement"]?.arrayValue ?? []
            #expect(statements.count == 1)
            #expect(statements.first?["Principal"]?["AWS"]?.arrayValue == [.string(Self.roleARN)])
            let id = try #require(response.requestID)

            let selfApproval = try await Self.call(stack, RequestsMethods.modifyRequest, user: "alice@example.com", admin: true, id: id, body: Self.approve())
            #expect(selfApproval.status == 403)

            let approval = try await Self.call(stack, RequestsMethods.modifyRequest, user: "bob@example.com", admin: true, id: id, body: Self.approve())
            #expect(approval.status == 200, "\(approval.bodyJSON)")
            let outcome = try APIJSON.decode(PolicyRequestModificationResponse.self, from: Data(approval.bodyJSON.utf8))
            #expect(outcome.errors == 0, "\(outcome.actionResults)")
            #expect(outcome.request?.requestStatus == .approved)

            let iam = IAMClient(client: stack.spokes.client(account: Self.accountA))
            let inline = try await iam.getRolePolicy(roleName: "alice-role", policyName: "read-shared")
            #expect(inline.document.contains("s3:GetObject"))
            let s3 = S3Client(client: stack.spokes.client(account: Self.accountB))
            let policy = DocumentHash.parse(try await s3.getBucketPolicy(bucket: Self.bucket))
            #expect(policy["Statement"]?.arrayValue?.count == 1)

            // A GET never writes; it shows the request as stored.
            let detail = try await Self.call(stack, RequestsMethods.getRequest, user: "carol@example.com", id: id, body: [String: String]())
            #expect(detail.status == 200)
            let list = try await Self.call(
                stack, RequestsMethods.listRequests, user: "alice@example.com", body: PolicyRequestListQuery(limit: 50, status: "approved"))
            let rows = try APIJSON.decode(PolicyRequestListResponse.self, from: Data(list.bodyJSON.utf8))
            #expect(rows.data.map(\.requestID) == [id])
        }
    }

    /// Twenty times, two reviewers approve the same request at the same moment: exactly one gets
    /// 409 each time, and AWS is written once — one `apply` audit event per change, and one
    /// Portico statement (by Sid) per request in the bucket policy.
    @Test func twoReviewersApprovingAtOnceApplyOnceAndOneGetsAConflict() async throws {
        try await Self.withStack { stack in
            var sids: [String] = []
            var ids: [String] = []
            for attempt in 0..<20 {
                let created = try await Self.call(
                    stack, RequestsMethods.createRequest, user: "alice@example.com", body: Self.inlineRequest(name: "race-\(attempt)"))
                let response = try APIJSON.decode(PolicyRequestCreationResponse.self, from: Data(created.bodyJSON.utf8))
                let id = try #require(response.requestID)
                ids.append(id)
                sids += response.extendedRequest.changes.changes.filter { $0.changeType == "resource_policy" }.map(\.porticoSid)
                async let first = Self.call(stack, RequestsMethods.modifyRequest, user: "bob@example.com", admin: true, id: id, body: Self.approve())
                async let second = Self.call(stack, RequestsMethods.modifyRequest, user: "dave@example.com", admin: true, id: id, body: Self.approve())
                let replies = [try await first, try await second]
                #expect(replies.map(\.status).sorted() == [200, 409], "attempt \(attempt): \(replies.map(\.bodyJSON))")
                if let loser = replies.first(where: { $0.status == 409 }) {
                    let problem = try? APIJSON.decode(PolicyRequestProblem.self, from: Data(loser.bodyJSON.utf8))
                    #expect(problem?.request?.id == id, "the loser gets the request as it stands")
                }
            }
            #expect(sids.count == 20)
            let policy = DocumentHash.parse(try await S3Client(client: stack.spokes.client(account: Self.accountB)).getBucketPolicy(bucket: Self.bucket))
            let stored = PolicyDocumentCheck.asList(policy["Statement"]).compactMap { $0["Sid"]?.stringValue }
            #expect(stored.sorted() == sids.sorted(), "one Portico statement per request, none twice")
            for attempt in 0..<20 {
                let document = try await stack.iam().getRolePolicy(roleName: "alice-role", policyName: "race-\(attempt)").document
                #expect(PolicyDocumentCheck.asList(DocumentHash.parse(document)["Statement"]).count == 1)
            }
            let redis = RedisClient(configuration: RedisConfiguration(host: stack.redis.host, port: stack.redis.port), logger: Self.logger("audit"))
            let events = try await AuditStreamReader(redis: redis, stream: stack.configuration.aws.audit.stream).allEntries().compactMap(\.event)
            await redis.shutdown()
            for id in ids {
                let applies = events.filter { event in
                    event.fields.contains(AuditField("request_id", id)) && event.fields.contains(AuditField("event", "policy_request.apply"))
                }
                #expect(applies.count == 2, "request \(id): inline policy and bucket policy, each written once")
            }
        }
    }

    @Test func malformedRequestsAreRefusedNamingTheFieldAndNothingIsStored() async throws {
        try await Self.withStack { stack in
            var unknown = Self.inlineRequest(name: "x")
            unknown.changes.changes[0].changeType = "generic_file"
            var noEffect = Self.inlineRequest(name: "y")
            noEffect.changes.changes[0].policy = PolicyRequestDocument(policyDocument: ["Statement": [["Action": "s3:GetObject", "Resource": "*"]]])
            var badName = Self.inlineRequest(name: "bad name!")
            badName.changes.changes[0].policyName = "bad name!"
            var missingPrincipal = Self.inlineRequest(name: "z")
            missingPrincipal.changes.changes[0].principal = PolicyRequestPrincipal(principalARN: "arn:aws:iam::\(Self.accountA):role/nobody")
            var unknownAction = Self.inlineRequest(name: "w")
            unknownAction.changes.changes[0].policy = PolicyRequestDocument(policyDocument: [
                "Version": "2012-10-17", "Statement": [["Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"]],
            ])
            for (body, field) in [
                (unknown, "change_type"), (noEffect, "Effect"), (badName, "policy_name"), (missingPrincipal, "principal"),
                (unknownAction, "changes[0].policy.policy_document: UNKNOWN_ACTION at Statement[0].Action[0]"),
            ] {
                let reply = try await Self.call(stack, RequestsMethods.createRequest, user: "alice@example.com", body: body)
                #expect(reply.status == 400, "\(field): \(reply.bodyJSON)")
                #expect(reply.bodyJSON.contains(field), "\(reply.bodyJSON)")
            }
            // Warnings do not refuse: they stay on the change for the reviewer, with its effect.
            var wide = Self.inlineRequest(name: "wide")
            wide.dryRun = true
            wide.changes.changes[0].policy = PolicyRequestDocument(policyDocument: [
                "Version": "2012-10-17", "Statement": [["Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"]],
            ])
            let dryRun = try await Self.call(stack, RequestsMethods.createRequest, user: "alice@example.com", body: wide)
            #expect(dryRun.status == 200, "\(dryRun.bodyJSON)")
            let checked = try APIJSON.decode(PolicyRequestCreationResponse.self, from: Data(dryRun.bodyJSON.utf8)).extendedRequest.changes.changes[0]
            #expect(checked.warnings?.map(\.issue) == ["STAR_RESOURCE"], "\(dryRun.bodyJSON)")
            #expect(checked.newlyAllowed == ["s3:GetObject *"])
            let list = try await Self.call(stack, RequestsMethods.listRequests, user: "alice@example.com", body: PolicyRequestListQuery())
            #expect(try APIJSON.decode(PolicyRequestListResponse.self, from: Data(list.bodyJSON.utf8)).totalCount == 0)
        }
    }

    @Test func aTemporaryManagedPolicyIsDetachedWhenItEndsAndEndAccessRemovesAnotherGrantAtOnce() async throws {
        try await Self.withStack { stack in
            let iam = IAMClient(client: stack.spokes.client(account: Self.accountA))
            let managed = try await iam.createPolicy(name: "temporary-read", document: SeededMoto.allowAll)
            var grant = PolicyRequestChange(principal: PolicyRequestPrincipal(principalARN: Self.roleARN), changeType: .managedPolicy)
            grant.arn = managed.arn
            grant.action = "attach"
            grant.expiresAt = ISO8601DateFormatter().string(from: Date().addingTimeInterval(4))
            let created = try await Self.call(
                stack, RequestsMethods.createRequest, user: "alice@example.com",
                body: PolicyRequestCreation(justification: "briefly", changes: [grant]))
            #expect(created.status == 200, "\(created.bodyJSON)")
            let id = try #require(try APIJSON.decode(PolicyRequestCreationResponse.self, from: Data(created.bodyJSON.utf8)).requestID)
            let approval = try await Self.call(stack, RequestsMethods.modifyRequest, user: "bob@example.com", admin: true, id: id, body: Self.approve())
            #expect(approval.status == 200, "\(approval.bodyJSON)")
            #expect(try await iam.listAttachedRolePolicies(roleName: "alice-role").map(\.policyARN).contains(managed.arn))
            try await awaitCondition("the grant is detached and the request expired", timeout: 30, every: 0.5) {
                let detail = try await Self.call(stack, RequestsMethods.getRequest, user: "alice@example.com", id: id, body: [String: String]())
                let request = try APIJSON.decode(
                    PolicyRequest.self,
                    from: Data(try APIJSON.decode(PolicyRequestDetail.self, from: Data(detail.bodyJSON.utf8)).request.utf8))
                return request.requestStatus == .expired
            }
            #expect(try await !iam.listAttachedRolePolicies(roleName: "alice-role").map(\.policyARN).contains(managed.arn))

            var inline = Self.inlineRequest(name: "until-ended")
            inline.changes.changes[0].expiresAt = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
            let second = try await Self.call(stack, RequestsMethods.createRequest, user: "alice@example.com", body: inline)
            let secondID = try #require(try APIJSON.decode(PolicyRequestCreationResponse.self, from: Data(second.bodyJSON.utf8)).requestID)
            let approved = try await Self.call(stack, RequestsMethods.modifyRequest, user: "bob@example.com", admin: true, id: secondID, body: Self.approve())
            #expect(approved.status == 200, "\(approved.bodyJSON)")
            #expect(try await iam.listRolePolicyNames(roleName: "alice-role").contains("until-ended"))
            let ended = try await Self.call(
                stack, RequestsMethods.modifyRequest, user: "bob@example.com", admin: true, id: secondID,
                body: PolicyRequestModification(.init(command: "end_access")))
            #expect(ended.status == 200, "\(ended.bodyJSON)")
            #expect(try await !iam.listRolePolicyNames(roleName: "alice-role").contains("until-ended"))
            let policy = DocumentHash.parse(try await S3Client(client: stack.spokes.client(account: Self.accountB)).getBucketPolicy(bucket: Self.bucket))
            #expect((policy["Statement"]?.arrayValue ?? []).isEmpty, "only Portico's statement was there, and it is gone")
        }
    }
}
