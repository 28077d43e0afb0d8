import Foundation
import PorticoAPI
import PorticoAWS
import PorticoCore
import PorticoHTTP
import PorticoTestSupport
import Proto
import Testing

extension GatewayBackendTests {
    /// Self-service requests through the gateway, the request service, the cache and moto: the
    /// stack's auto-approval rule (`BackendStack.autoApprovalRule`, prod's `auto-*` queues)
    /// approves and applies a request it covers and leaves any other for people (the wizard's
    /// dry run: WizardDryRunTests).
    @Suite struct SelfServiceRequests {
        static let json = ("Content-Type", "application/json")

        /// ConsoleMe's creation body: one inline policy on `principal`.
        static func inlineRequest(principal: String, name: String, actions: [String], resource: String) -> String {
            let change: JSONValue = [
                "principal": ["principal_type": "AwsResource", "principal_arn": .string(principal)],
                "change_type": "inline_policy", "policy_name": .string(name), "action": "attach", "new": true,
                "policy": ["policy_document": [
                    "Version": "2012-10-17",
                    "Statement": [["Effect": "Allow", "Action": .array(actions.map(JSONValue.string)), "Resource": .string(resource)]],
                ]],
            ]
            let body: JSONValue = ["justification": "queue work", "changes": ["changes": [change]]]
            return body.jsonText
        }

        static func create(_ stack: GatewayOnStack, _ user: SignedInUser, _ body: String) async throws -> PolicyRequestCreationResponse {
            let response = try await stack.gateway.request(
                "POST", "/api/v2/request", headers: [user.bearerHeader, user.csrfHeader, json], body: body)
            try #require(response.status == 200, "\(response.bodyText)")
            return try response.decoded(PolicyRequestCreationResponse.self)
        }

        @Test func aRequestTheRuleCoversIsApprovedByItAndAppliedWhileAnotherStaysPendingAndMotoUnchanged() async throws {
            try await GatewayOnStack.with { stack in
                let alice = try await stack.engineer()
                let principal = MotoHubAndSpokes.Roles.prodReadOnly
                let roleName = "engineering-readonly"
                let iam = stack.stack.moto.iam(inAccount: MotoHubAndSpokes.prod, http: stack.stack.http, logger: quietLogger)
                let suffix = UUID().uuidString.prefix(8).lowercased()
                let queues = "arn:aws:sqs:us-east-1:\(MotoHubAndSpokes.prod)"

                let covered = try await Self.create(stack, alice, Self.inlineRequest(
                    principal: principal, name: "auto-send-\(suffix)", actions: ["sqs:SendMessage", "sqs:GetQueueUrl"],
                    resource: "\(queues):auto-jobs"))
                #expect(covered.requestCreated && covered.errors == 0, "\(String(describing: covered.actionResults))")
                #expect(covered.extendedRequest.requestStatus == .approved)
                #expect(covered.extendedRequest.reviewer == "Auto-Approve Rule: team-queues")
                #expect(covered.extendedRequest.comments.contains { $0.text.hasPrefix("Approved by auto-approval rule team-queues") })
                let applied = try await iam.getRolePolicy(roleName: roleName, policyName: "auto-send-\(suffix)").document
                #expect(applied.contains("sqs:SendMessage"))
                let coveredID = try #require(covered.requestID)
                let events = try await GatewayBackendTests.DynamicConfig.auditEntries(stack).filter { $0["request_id"] == coveredID }
                #expect(events.contains { $0["event"] == "policy_request.auto_approve" && $0["user"] == "Auto-Approve Rule: team-queues" })
                #expect(events.contains { $0["event"] == "policy_request.approve" })

                // Another queue, and managing who may use the rule's queues: neither is the rule's.
                for (name, actions, resource) in [
                    ("other-queue-\(suffix)", ["sqs:SendMessage"], "\(queues):jobs"),
                    ("auto-permissions-\(suffix)", ["sqs:SendMessage", "sqs:AddPermission"], "\(queues):auto-jobs"),
                ] {
                    let pending = try await Self.create(stack, alice, Self.inlineRequest(
                        principal: principal, name: name, actions: actions, resource: resource))
                    #expect(pending.extendedRequest.requestStatus == .pending, "\(name)")
                    #expect(pending.extendedRequest.reviewer == nil)
                    let names = try await iam.listRolePolicyNames(roleName: roleName)
                    #expect(!names.contains(name), "moto has no \(name)")
                }
            }
        }
    }
}
