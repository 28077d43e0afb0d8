import Testing

@testable import CacheService

/// Reading principals from role tags and the dynamic configuration.
@Suite struct RoleTagAuthorizationTests {
    let authorization = RoleTagAuthorization(settings: AuthorizationTagSettings(
        consoleTags: ["consoleme-authorized", "extra-authorized"], cliOnlyTags: ["consoleme-authorized-cli-only"],
        groupMapping: ["Ops": .init(roles: ["arn:aws:iam::1:role/a"], cliOnlyRoles: ["arn:aws:iam::1:role/b", "arn:aws:iam::1:role/a"])]))

    func role(_ tags: [String: String]) -> InventoryItem {
        InventoryItem(
            arn: "arn:aws:iam::111111111111:role/r", type: .role, name: "r", accountID: "111111111111",
            tags: tags.map { InventoryTag(key: $0.key, value: $0.value) })
    }

    @Test func tagValuesSplitOnColonsIntoLowercasedPrincipals() {
        let principals = authorization.principals(of: role(["consoleme-authorized": " Team-A : alice@Example.com::", "env": "x:y"]))
        #expect(principals == ["team-a": .console, "alice@example.com": .console])
    }

    @Test func consoleAccessWinsOverCLIOnlyForTheSamePrincipal() {
        let principals = authorization.principals(of: role([
            "consoleme-authorized-cli-only": "readers:bob", "extra-authorized": "bob",
        ]))
        #expect(principals == ["readers": .cliOnly, "bob": .console])
    }

    @Test func aRoleWithoutTheTagsGrantsNobody() {
        #expect(authorization.principals(of: role(["owner": "alice"])).isEmpty)
    }

    @Test func theGroupMappingGrantsByNormalizedGroupName() {
        #expect(authorization.configuredGrants(for: ["ops"]) == ["arn:aws:iam::1:role/a": .console, "arn:aws:iam::1:role/b": .cliOnly])
        #expect(authorization.configuredGrants(for: ["dev"]).isEmpty)
    }

    @Test func theStoredGroupMappingReplacesTheFilesEntryPerPrincipalAndCountsAtOnce() {
        var settings = authorization.settings
        settings.groupMapping["dev"] = .init(roles: ["arn:aws:iam::1:role/d"])
        let copy = RoleTagAuthorization(settings: settings)
        settings.storedGroupMapping.replace(with: [
            "OPS": .init(roles: ["arn:aws:iam::1:role/c"]), "oncall": .init(cliOnlyRoles: ["arn:aws:iam::1:role/e"]),
        ])
        // A copy made before the change shares the stored mapping.
        #expect(copy.configuredGrants(for: ["ops"]) == ["arn:aws:iam::1:role/c": .console])
        #expect(copy.configuredGrants(for: ["dev"]) == ["arn:aws:iam::1:role/d": .console])
        #expect(copy.configuredGrants(for: ["oncall"]) == ["arn:aws:iam::1:role/e": .cliOnly])
        settings.storedGroupMapping.replace(with: [:])
        #expect(copy.configuredGrants(for: ["ops"]) == ["arn:aws:iam::1:role/a": .console, "arn:aws:iam::1:role/b": .cliOnly])
        #expect(copy.configuredGrants(for: ["oncall"]).isEmpty)
    }
}
