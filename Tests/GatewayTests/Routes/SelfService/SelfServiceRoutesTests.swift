import Foundation
import Gateway
import PorticoCore
import Testing

/// The self-service routes through a running gateway: generate_changes, policies/check, autocomplete, config.
@Suite struct SelfServiceRoutesTests {
    func json(_ body: [UInt8]) throws -> JSONValue {
        try JSONValue(parsing: body)
    }

    @Test func s3GetAndListUnderLogsAndSQSSendAreOnePolicyWithTwoStatements() async throws {
        try await RunningGateway.withALBKeys(configure: { _ in }) { gateway, factory in
            let alice = try await SignedInUser.signIn("alice@example.com", factory: factory, at: gateway)
            let body = """
                {"changes": [
                  {"generator_type": "s3", "resource_arn": ["arn:aws:s3:::app-logs"], "bucket_prefix": "logs/", "action_groups": ["get", "list"]},
                  {"generator_type": "sqs", "resource_arn": ["arn:aws:sqs:us-east-1:111111111111:jobs"], "action_groups": ["send_messages"]}
                ]}
                """
            let response = try await gateway.request(
                "POST", "/api/v2/generate_changes", headers: [alice.cookieHeader, alice.csrfHeader], body: body)
            try #require(response.status == 200, "\(response.bodyText)")
            let change = try #require(try json(response.body)["changes"]?.arrayValue?.first)
            #expect(change["change_type"] == "inline_policy")
            // A new inline policy is attached: the change can go to POST /api/v2/request as it is.
            #expect(change["action"] == "attach")
            #expect(change["policy_name"]?.stringValue?.hasPrefix("cm_alice_") == true)
            let statements = try #require(change["policy"]?["policy_document"]?["Statement"]?.arrayValue)
            #expect(statements.count == 2)
            #expect(statements[0]["Resource"] == ["arn:aws:s3:::app-logs", "arn:aws:s3:::app-logs/logs/*"])
            #expect(change["policy"]?["policy_sha256"]?.stringValue?.count == 64)
            #expect(change["explanations"]?.arrayValue?.first?.stringValue?.contains("objects under `logs/`") == true)

            let refused = try await gateway.request(
                "POST", "/api/v2/generate_changes", headers: [alice.cookieHeader, alice.csrfHeader],
                body: #"{"changes": [{"generator_type": "s3", "resource_arn": "b", "action_groups": ["fly"]}]}"#)
            #expect(refused.status == 400 && refused.bodyText.contains("fly"))
        }
    }

    @Test func theCheckerAutocompleteAndConfigAnswer() async throws {
        try await RunningGateway.withALBKeys(configure: { _ in }) { gateway, factory in
            let alice = try await SignedInUser.signIn("alice@example.com", factory: factory, at: gateway)
            let check = try await gateway.request(
                "POST", "/api/v2/policies/check", headers: [alice.cookieHeader, alice.csrfHeader],
                body: #"{"Statement":[{"Effect":"Allow","Action":"s3:GetObjekt","Resource":"*"}]}"#)
            try #require(check.status == 200)
            #expect(try json(check.body).arrayValue?.first?["issue"] == "UNKNOWN_ACTION")
            let complete = try await gateway.request("/api/v1/policyuniverse/autocomplete?prefix=s3:GetObj", headers: [alice.cookieHeader])
            #expect(try json(complete.body).arrayValue?.first == ["permission": "s3:GetObject"])
            let config = try await gateway.request("/api/v2/self_service_config", headers: [alice.cookieHeader])
            #expect(try json(config.body)["permissions_map"]?["s3"]?["text"] == "S3 Bucket")
            // Not an admin of policies (and admin self-approval is off): no "submit and apply".
            #expect(try json(config.body)["admin_bypass_approval_enabled"] == false)
        }
    }

    @Test func submitAndApplyIsOfferedToPolicyAdminsOnlyWhenAdminSelfApprovalIsOn() async throws {
        for allowed in [true, false] {
            try await RunningGateway.withALBKeys(configure: {
                $0.groups.canAdminPolicies = ["policy-admins@example.com"]
                $0.policies.allowAdminSelfApproval = allowed
            }) { gateway, factory in
                let admin = try await SignedInUser.signIn("pat@example.com", groups: ["policy-admins@example.com"], factory: factory, at: gateway)
                let config = try await gateway.request("/api/v2/self_service_config", headers: [admin.cookieHeader])
                #expect(try json(config.body)["admin_bypass_approval_enabled"] == .bool(allowed))
            }
        }
    }

    @Test func selfServiceIAMFromTheFileIsSentAsItIsAndItsPermissionsMapReplacesEntriesByType() async throws {
        try await RunningGateway.withALBKeys(configure: {
            $0.selfServiceHelpMessage = "Ask #cloud-security"
            $0.selfServiceIAM = [
                "custom_setting": 3,
                "permissions_map": ["sqs": [
                    "text": "Team queue", "description": "Peek at a queue",
                    "inputs": [["name": "resource_arn", "type": "typeahead_input", "text": "Queue", "required": true]],
                    "action_map": [["name": "peek", "text": "Peek", "permissions": ["sqs:ReceiveMessage"]]],
                ]],
            ]
        }) { gateway, factory in
            let alice = try await SignedInUser.signIn("alice@example.com", factory: factory, at: gateway)
            let config = try json(try await gateway.request("/api/v2/self_service_config", headers: [alice.cookieHeader]).body)
            #expect(config["custom_setting"] == 3)
            #expect(config["help_message"] == "Ask #cloud-security")
            #expect(config["permissions_map"]?["sqs"]?["text"] == "Team queue")
            #expect(config["permissions_map"]?["s3"]?["text"] == "S3 Bucket", "ConsoleMe's other entries stay")
            let generated = try await gateway.request(
                "POST", "/api/v2/generate_changes", headers: [alice.cookieHeader, alice.csrfHeader],
                body: #"{"changes": [{"generator_type": "sqs", "resource_arn": ["arn:aws:sqs:us-east-1:111111111111:jobs"], "action_groups": ["peek"]}]}"#)
            try #require(generated.status == 200, "\(generated.bodyText)")
            let statement = try json(generated.body)["changes"]?.arrayValue?.first?["policy"]?["policy_document"]?["Statement"]?.arrayValue?.first
            #expect(statement?["Action"] == ["sqs:receivemessage"])
            let refused = try await gateway.request(
                "POST", "/api/v2/generate_changes", headers: [alice.cookieHeader, alice.csrfHeader],
                body: #"{"changes": [{"generator_type": "sqs", "resource_arn": ["arn:aws:sqs:us-east-1:111111111111:jobs"], "action_groups": ["send_messages"]}]}"#)
            #expect(refused.status == 400, "the file's sqs entry replaced ConsoleMe's")
        }
    }

    @Test func aPermissionsMapThatIsNotOneStopsTheGatewayNamingThePath() async throws {
        var configuration = TestConfiguration.production()
        configuration.selfServiceIAM = ["permissions_map": ["sqs": ["action_map": [["name": "peek"]]]]]
        await #expect(throws: GatewayStartupError.invalidPermissionsMap("sqs.action_map[0]: needs name and permissions")) {
            try await RunningGateway.start(configuration)
        }
    }
}
