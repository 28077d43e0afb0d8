import PorticoConfig
import PorticoCore
import PorticoService
import Testing

/// The typed check of `permission_templates` and `auto_approve` in the dynamic configuration:
/// good entries are read into the document; a bad one is refused naming its key path.
@Suite struct DynamicConfigSchemaTests {
    func refusal(_ text: String) -> DynamicConfigSchema.Invalid? {
        do {
            _ = try DynamicConfigSchema.validate(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func templatesAreReadFromJSONTextOrAPolicyMapping() throws {
        let document = try DynamicConfigSchema.validate("""
            permission_templates:
              - {key: team-queue, text: Team queue, value: '{"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}'}
              - key: lake
                text: Read the lake
                policy:
                  Version: "2012-10-17"
                  Statement: [{Effect: Allow, Action: [s3:GetObject], Resource: ["arn:aws:s3:::lake/*"]}]
            """)
        #expect(document.permissionTemplates.map(\.key) == ["team-queue", "lake"])
        #expect(document.permissionTemplates.map(\.text) == ["Team queue", "Read the lake"])
        let lake = try JSONValue(parsing: Array(document.permissionTemplates[1].value.utf8))
        #expect(lake["Statement"]?.arrayValue?.first?["Resource"] == ["arn:aws:s3:::lake/*"])
        #expect(lake["Version"] == "2012-10-17")
    }

    @Test(arguments: [
        ("permission_templates: {key: a}", "permission_templates"),
        ("permission_templates: [{text: A, value: '{\"Statement\": {}}'}]", "permission_templates[0].key"),
        ("permission_templates: [{key: a, value: '{\"Statement\": {}}'}]", "permission_templates[0].text"),
        ("permission_templates: [{key: a, text: A}]", "permission_templates[0].policy"),
        ("permission_templates: [{key: a, text: A, value: 'not json'}]", "permission_templates[0].value"),
        ("permission_templates: [{key: a, text: A, value: '{\"Statement\": {}}'}, {key: b, text: B, value: '{\"Statement\": {}}'}, {key: c, text: C, policy: [1]}]",
         "permission_templates[2].policy"),
        ("permission_templates: [{key: a, text: A, policy: {Version: '2012-10-17'}}]", "permission_templates[0].policy.Statement"),
        ("permission_templates: [{key: a, text: A, value: '{\"Statement\": {}}'}, {key: a, text: B, value: '{\"Statement\": {}}'}]",
         "permission_templates[1].key"),
        ("permission_templates: [{key: a, text: A, value: '{\"Statement\": {}}', colour: red}]", "permission_templates[0].colour"),
        ("permission_templates: [{key: [a], text: A, value: '{\"Statement\": {}}'}]", "permission_templates[0].key"),
    ])
    func aBadTemplateIsRefusedNamingItsKeyPath(text: String, path: String) {
        #expect(refusal(text)?.path == path, "\(text)")
    }

    @Test func autoApprovalRulesAreReadTyped() throws {
        let document = try DynamicConfigSchema.validate("""
            auto_approve:
              rules:
                - name: public-read
                  services: [S3]
                  access_levels: [read, List]
                  resources: ["arn:aws:s3:::public-*"]
                  resource_tags: {data-class: public}
                  groups: [engineering@example.com]
                  max_duration_seconds: 28800
            """)
        #expect(document.autoApprove == [AutoApproveRuleSetting(
            name: "public-read", services: ["s3"], accessLevels: ["Read", "List"], resources: ["arn:aws:s3:::public-*"],
            resourceTags: ["data-class": "public"], groups: ["engineering@example.com"], maxDurationSeconds: 28800)])
    }

    @Test(arguments: [
        ("auto_approve: [a]", "auto_approve"),
        ("auto_approve: {rule: []}", "auto_approve.rule"),
        ("auto_approve: {rules: {name: a}}", "auto_approve.rules"),
        ("auto_approve: {rules: [{services: [s3], access_levels: [Read]}]}", "auto_approve.rules[0].name"),
        ("auto_approve: {rules: [{name: a, access_levels: [Read]}]}", "auto_approve.rules[0].services"),
        ("auto_approve: {rules: [{name: a, services: [], access_levels: [Read]}]}", "auto_approve.rules[0].services"),
        ("auto_approve: {rules: [{name: a, services: ['s3 bucket'], access_levels: [Read]}]}", "auto_approve.rules[0].services[0]"),
        ("auto_approve: {rules: [{name: a, services: [s3], access_levels: [Read, Everything]}]}", "auto_approve.rules[0].access_levels[1]"),
        ("auto_approve: {rules: [{name: a, services: [s3], access_levels: [Read], max_duration_seconds: 8h}]}",
         "auto_approve.rules[0].max_duration_seconds"),
        ("auto_approve: {rules: [{name: a, services: [s3], access_levels: [Read], max_duration_seconds: 0}]}",
         "auto_approve.rules[0].max_duration_seconds"),
        ("auto_approve: {rules: [{name: a, services: [s3], access_levels: [Read], resources: [my-bucket]}]}",
         "auto_approve.rules[0].resources[0]"),
        ("auto_approve: {rules: [{name: a, services: [s3], access_levels: [Read], resource_tags: [public]}]}",
         "auto_approve.rules[0].resource_tags"),
        ("auto_approve: {rules: [{name: a, services: [s3], access_levels: [Read], groups: [[x]]}]}", "auto_approve.rules[0].groups[0]"),
        ("auto_approve: {rules: [{name: a, services: [s3], access_levels: [Read], approver: me}]}", "auto_approve.rules[0].approver"),
        ("auto_approve: {rules: [{name: a, services: [s3], access_levels: [Read]}, {name: a, services: [s3], access_levels: [Read]}]}",
         "auto_approve.rules[1].name"),
    ])
    func aBadRuleIsRefusedNamingItsKeyPath(text: String, path: String) {
        #expect(refusal(text)?.path == path, "\(text)")
    }

    @Test func theFileReadsTheSameEntriesAndKeepsConsoleMesTemplatesWhenItHasNone() throws {
        #expect(PorticoConfiguration.defaults.permissionTemplates.map(\.key).prefix(3) == ["default", "s3write", "s3read"])
        #expect(PorticoConfiguration.defaults.permissionTemplates.count == 15)
        let loader = ConfigLoader(environment: [:], workingDirectory: "/nonexistent-portico-dir")
        let configuration = try loader.load(yaml: """
            environment: dev
            permission_templates: [{key: only, text: Only, value: '{"Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}}'}]
            policies: {auto_approve: {rules: [{name: queues, services: [sqs], access_levels: [Write]}]}}
            self_service_iam: {permissions_map: {sqs: {text: Queue, action_map: [{name: peek, permissions: [sqs:ReceiveMessage]}]}}, max_items: 3}
            self_service_iam_help_message: Ask us
            """).configuration
        #expect(configuration.selfServiceIAM?["permissions_map"]?["sqs"]?["action_map"]
            == [["name": "peek", "permissions": ["sqs:ReceiveMessage"]]])
        #expect(configuration.selfServiceIAM?["max_items"] == 3)
        #expect(configuration.selfServiceHelpMessage == "Ask us")
        #expect(configuration.permissionTemplates.map(\.key) == ["only"])
        #expect(configuration.policies.autoApprove.map(\.name) == ["queues"])
        #expect(throws: ConfigError.self) {
            try loader.load(yaml: "environment: dev\npolicies: {auto_approve: {rules: [{name: q, services: [sqs], access_levels: [Write], max_duration_seconds: -1}]}}")
        }
    }
}
