import PorticoService
import Testing

/// The key paths an edit added, removed and changed, never their values.
@Suite struct DynamicConfigDiffTests {
    @Test func namesAddedRemovedAndChangedLeafPathsOnly() {
        let before = """
            groups: {can_admin: [a@example.com], can_edit_config: [b@example.com]}
            group_mapping: {ops@example.com: {roles: [arn:aws:iam::111111111111:role/ops]}}
            dynamo_load_interval: 60
            """
        let after = """
            # a comment changes nothing
            groups: {can_admin: [a@example.com, c@example.com]}
            group_mapping: {ops@example.com: {roles: [arn:aws:iam::111111111111:role/ops]}}
            dynamo_load_interval: 60
            custom_headers_for_group_members: [{header: X-Token, value: hunter2}]
            """
        let diff = DynamicConfigDiff(before: before, after: after)
        #expect(diff == DynamicConfigDiff(
            added: ["custom_headers_for_group_members"], removed: ["groups.can_edit_config"], changed: ["groups.can_admin"]))
        #expect(!"\(diff)".contains("hunter2") && !"\(diff)".contains("c@example.com"))
        #expect(DynamicConfigDiff(before: before, after: before + "\n# note\n").isEmpty)
        #expect(DynamicConfigDiff(before: "", after: "dynamo_load_interval: 5").added == ["dynamo_load_interval"])
    }
}
