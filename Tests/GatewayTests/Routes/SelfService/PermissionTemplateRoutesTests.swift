import Foundation
import PorticoAPI
import PorticoConfig
import PorticoCore
import PorticoTestSupport
import Testing

// In the dynamic configuration's suite: its tests edit the one stored configuration in turn.
extension GatewayBackendTests.DynamicConfig {
    static func templates(_ stack: GatewayOnStack, _ user: SignedInUser) async throws -> [JSONValue] {
        let response = try await stack.gateway.request("/api/v2/permission_templates", headers: [user.bearerHeader])
        #expect(response.status == 200, "\(response.bodyText)")
        return try JSONValue(parsing: response.body)["permission_templates"]?.arrayValue ?? []
    }

    /// `GET /api/v2/permission_templates` in ConsoleMe's shape for anyone signed in: the file's
    /// (ConsoleMe's set here), and once the dynamic configuration has its own, those first,
    /// replacing the file's by key; a template that is not a policy is refused naming its path.
    @Test func permissionTemplatesAreTheDynamicConfigurationsFirstThenTheFilesByKey() async throws {
        try await Self.withGateway { stack, editor in
            let reader = try await stack.engineer("erin")
            let fixed = PermissionTemplate.consoleMeDefaults
            let before = try await Self.templates(stack, reader)
            #expect(before.map { $0["key"]?.stringValue } == fixed.map(\.key))
            let s3read = try #require(before.first { $0["key"] == "s3read" })
            #expect(s3read["text"] == "S3 Read Access")
            let document = try JSONValue(parsing: Array(try #require(s3read["value"]?.stringValue).utf8))
            #expect(document["Statement"]?.arrayValue?.first?["Effect"] == "Allow")

            let start = try await Self.current(stack, editor)
            let refused = try await Self.post(stack, editor, sha: start.sha256, text: """
                permission_templates: [{key: a, text: A, policy: {Version: "2012-10-17"}}]
                """)
            #expect(refused.status == 400 && refused.bodyText.contains("permission_templates[0].policy.Statement"), "\(refused.bodyText)")

            let text = """
                permission_templates:
                  - key: s3read
                    text: Read the data lake
                    policy: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: [s3:GetObject], Resource: ["arn:aws:s3:::lake/*"]}]}
                  - key: team-queue
                    text: Team queue
                    value: '{"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}'
                """
            let saved = try await Self.post(stack, editor, sha: start.sha256, text: text)
            #expect(saved.status == 200, "\(saved.bodyText)")
            let expected = ["s3read", "team-queue"] + fixed.map(\.key).filter { $0 != "s3read" }
            try await awaitCondition("the request service serves the new templates", timeout: 15, every: 0.2) {
                try await Self.templates(stack, reader).map { $0["key"]?.stringValue } == expected
            }
            let now = try await Self.templates(stack, reader)
            #expect(now[0]["text"] == "Read the data lake")
            let lake = try JSONValue(parsing: Array(try #require(now[0]["value"]?.stringValue).utf8))
            #expect(lake["Statement"]?.arrayValue?.first?["Resource"] == ["arn:aws:s3:::lake/*"])

            // Back to the version the suite started from.
            let restored = try await Self.post(stack, editor, sha: try saved.decoded(DynamicConfigSaved.self).newSHA256, text: start.dynamicConfig)
            #expect(restored.status == 200, "\(restored.bodyText)")
        }
    }
}
