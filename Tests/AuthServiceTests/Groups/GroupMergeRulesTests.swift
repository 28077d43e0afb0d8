import AuthService
import PorticoConfig
import Testing

@Suite("Group merge rules")
struct GroupMergeRulesTests {
    private func rules(
        lowercase: Bool, staticGroups: [String: [String]] = [:], forAll: [String] = []
    ) -> GroupMergeRules {
        var groups = PorticoConfiguration.Groups()
        groups.forceGroupsLowercase = lowercase
        groups.staticGroups = staticGroups
        groups.groupsToAddForAllUsers = forAll
        return GroupMergeRules(configuration: groups)
    }

    @Test("sources merge in order: claims, directory, static, everyone; each group once")
    func mergesInStableOrder() {
        let merged = rules(
            lowercase: true,
            staticGroups: ["alice@example.com": ["oncall"], "eng@example.com": ["builders", "claims-b"]],
            forAll: ["everyone", "eng@example.com"]
        ).merge(
            user: "alice@example.com", claimed: ["claims-a", "claims-b"], directory: ["eng@example.com", "claims-a", "dir-x"])
        #expect(merged == ["claims-a", "claims-b", "eng@example.com", "dir-x", "oncall", "builders", "everyone"])
    }

    @Test("lowercasing folds case and merges names that differ only in case")
    func lowercasingOn() {
        let merged = rules(lowercase: true, forAll: ["Everyone"])
            .merge(user: "Alice@Example.com", claimed: ["Eng@Example.com", "eng@example.com"], directory: ["ENG@EXAMPLE.COM", "Ops"])
        #expect(merged == ["eng@example.com", "ops", "everyone"])
    }

    @Test("without lowercasing, names keep their case and differ by it")
    func lowercasingOff() {
        let merged = rules(lowercase: false, forAll: ["Everyone"])
            .merge(user: "alice@example.com", claimed: ["Eng@Example.com", "eng@example.com"], directory: ["Eng@Example.com", "Ops"])
        #expect(merged == ["Eng@Example.com", "eng@example.com", "Ops", "Everyone"])
    }

    @Test("static groups match the user and groups case-insensitively only when lowercasing")
    func staticKeysFollowLowercasing() {
        let mapping = ["Alice@Example.com": ["From-User"], "Eng": ["From-Group"]]
        #expect(rules(lowercase: true, staticGroups: mapping).merge(user: "alice@example.com", claimed: ["ENG"], directory: [])
            == ["eng", "from-user", "from-group"])
        #expect(rules(lowercase: false, staticGroups: mapping).merge(user: "alice@example.com", claimed: ["ENG"], directory: [])
            == ["ENG"])
        #expect(rules(lowercase: false, staticGroups: mapping).merge(user: "Alice@Example.com", claimed: ["Eng"], directory: [])
            == ["Eng", "From-User", "From-Group"])
    }

    @Test("static groups do not expand further, so a mapping cycle adds each group once")
    func staticGroupsDoNotChain() {
        let merged = rules(lowercase: true, staticGroups: ["a": ["b"], "b": ["c"], "c": ["a"]])
            .merge(user: "u@example.com", claimed: ["a"], directory: [])
        #expect(merged == ["a", "b"])
    }

    @Test("static keys equal once lowercased join their groups in key order")
    func collidingStaticKeys() {
        let merged = rules(lowercase: true, staticGroups: ["ENG": ["x", "y"], "eng": ["z", "x"]])
            .merge(user: "u@example.com", claimed: ["eng"], directory: [])
        #expect(merged == ["eng", "x", "y", "z"])
    }

    @Test("a user in no group gets only the groups for all users")
    func onlyEveryoneGroups() {
        #expect(rules(lowercase: true, forAll: ["all-staff", ""]).merge(user: "new@example.com", claimed: [], directory: [])
            == ["all-staff"])
        #expect(rules(lowercase: true).merge(user: "new@example.com", claimed: [], directory: []).isEmpty)
    }
}
