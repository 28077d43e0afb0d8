import AuthService
import PorticoConfig
import Testing

@Suite("Group resolution from every source")
struct GroupResolverTests {
    private static let memberships = [
        "alice@example.com": ["Eng@Example.com", "oncall@example.com", "payments@example.com"],
        "bob@example.com": [],
    ]

    private static var groups: PorticoConfiguration.Groups {
        var groups = PorticoConfiguration.Groups()
        groups.staticGroups = [
            "alice@example.com": ["break-glass"],
            "eng@example.com": ["builders", "eng@example.com"],
            "payments@example.com": ["pci"],
        ]
        groups.groupsToAddForAllUsers = ["all-staff", "oncall@example.com"]
        return groups
    }

    @Test("claims, Google Directory, static config and everyone's groups are merged without duplicates")
    func mergesAllSources() async throws {
        try await AuthFixture.with(memberships: Self.memberships, groups: Self.groups) { fixture in
            let resolved = try await fixture.resolve("alice@example.com", claims: ["SSO-Users", "eng@example.com"])
            #expect(resolved.groups == [
                "sso-users", "eng@example.com", "oncall@example.com", "payments@example.com",
                "break-glass", "builders", "pci", "all-staff",
            ])
            #expect(resolved.directorySource == .fetched)
            #expect(fixture.google.directoryRequests(for: "alice@example.com") == 2)
        }
    }

    @Test("without lowercasing, every source keeps its spelling")
    func mergesWithoutLowercasing() async throws {
        var groups = Self.groups
        groups.forceGroupsLowercase = false
        try await AuthFixture.with(memberships: Self.memberships, groups: groups) { fixture in
            let resolved = try await fixture.resolve("alice@example.com", claims: ["SSO-Users"])
            #expect(resolved.groups == [
                "SSO-Users", "Eng@Example.com", "oncall@example.com", "payments@example.com",
                "break-glass", "pci", "all-staff",
            ])
        }
    }

    @Test("a user Google knows in no group still gets static and everyone's groups")
    func userInNoDirectoryGroup() async throws {
        var groups = Self.groups
        groups.staticGroups["bob@example.com"] = ["contractors"]
        try await AuthFixture.with(memberships: Self.memberships, groups: groups) { fixture in
            let resolved = try await fixture.resolve("bob@example.com")
            #expect(resolved.groups == ["contractors", "all-staff", "oncall@example.com"])
        }
    }

    @Test("the AuthService answers groups with the rights they give")
    func authorizeGivesRights() async throws {
        var groups = Self.groups
        groups.canAdminPolicies = ["payments@example.com"]
        groups.canCreateRoles = ["builders"]
        groups.canAdmin = ["root@example.com"]
        try await AuthFixture.with(memberships: Self.memberships, groups: groups) { fixture in
            let alice = try await fixture.service.authorize(GroupRequest(user: "alice@example.com"))
            #expect(alice.rights == Rights(canAdminPolicies: true, canCreateRoles: true))
            let bob = try await fixture.service.authorize(GroupRequest(user: "bob@example.com", claimedGroups: ["root@example.com"]))
            #expect(bob.rights.canAdmin && bob.rights.canEditConfig)
        }
    }

    @Test("invalid requests are refused with a typed error before Google is asked", arguments: [
        (GroupRequest(user: ""), GroupResolutionError.invalidUser(reason: "it is empty")),
        (GroupRequest(user: "alice @example.com"), .invalidUser(reason: "it contains whitespace or control characters")),
        (GroupRequest(user: String(repeating: "a", count: 400) + "@example.com"), .invalidUser(reason: "it is longer than 320 bytes")),
        (GroupRequest(user: "alice@example.com", claimedGroups: ["ok", "bad\u{0}group"]),
         .invalidClaimedGroup(index: 1, reason: "it contains whitespace or control characters")),
        (GroupRequest(user: "alice@example.com", claimedGroups: ["ok", ""]), .invalidClaimedGroup(index: 1, reason: "it is empty")),
        (GroupRequest(user: "alice@example.com", claimedGroups: Array(repeating: "g", count: 2001)),
         .tooManyClaimedGroups(count: 2001, limit: 2000)),
    ])
    func refusesInvalidRequests(request: GroupRequest, expected: GroupResolutionError) async throws {
        try await AuthFixture.with(memberships: Self.memberships, redis: .none) { fixture in
            await #expect(throws: expected) { try await fixture.service.resolver.resolve(request) }
            #expect(fixture.google.tokenRequests == 0)
            #expect(fixture.google.directoryRequests == 0)
        }
    }
}
