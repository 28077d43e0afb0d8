import AuthService
import PorticoConfig
import Testing

@Suite("Rights from the groups section")
struct RightsPolicyTests {
    private func policy(lowercase: Bool = true) -> RightsPolicy {
        var groups = PorticoConfiguration.Groups()
        groups.forceGroupsLowercase = lowercase
        groups.canAdmin = ["portico-admins@example.com", "root@example.com"]
        groups.canAdminPolicies = ["security@example.com"]
        groups.canEditConfig = ["config-editors@example.com", "carol@example.com"]
        groups.canCreateRoles = ["platform@example.com"]
        groups.canDeleteIAMPrincipals = ["reapers@example.com"]
        return RightsPolicy(configuration: groups)
    }

    @Test("a right holds through any one of the user's groups")
    func rightsThroughGroups() {
        let rights = policy().rights(user: "bob@example.com", groups: ["eng@example.com", "security@example.com", "platform@example.com"])
        #expect(rights == Rights(canAdminPolicies: true, canCreateRoles: true))
        #expect(!rights.canAdmin && !rights.canEditConfig)
    }

    @Test("a right holds when the user themself is listed")
    func rightsThroughUser() {
        #expect(policy().rights(user: "carol@example.com", groups: []) == Rights(canEditConfig: true))
        #expect(policy().rights(user: "root@example.com", groups: []).canAdmin)
    }

    @Test("can_admin implies every other right")
    func adminImpliesAll() {
        let rights = policy().rights(user: "dana@example.com", groups: ["portico-admins@example.com"])
        #expect(rights.canAdmin && rights.canAdminPolicies && rights.canEditConfig && rights.canCreateRoles)
        #expect(rights.canDeleteIAMPrincipals)
    }

    @Test("can_delete_iam_principals is a right of its own, not implied by can_create_roles")
    func deletingIsItsOwnRight() {
        #expect(policy().rights(user: "rita@example.com", groups: ["reapers@example.com"]) == Rights(canDeleteIAMPrincipals: true))
        #expect(!policy().rights(user: "pat@example.com", groups: ["platform@example.com"]).canDeleteIAMPrincipals)
        #expect(Rights(canDeleteIAMPrincipals: true).description == "can_delete_iam_principals")
    }

    @Test("someone in no listed group has no rights")
    func noRights() {
        #expect(policy().rights(user: "eve@example.com", groups: ["eng@example.com", "admins"]) == .none)
        #expect(policy().rights(user: "eve@example.com", groups: ["eng@example.com"]).description == "no rights")
    }

    @Test("names compare case-insensitively only when lowercasing is on")
    func caseHandling() {
        #expect(policy(lowercase: true).rights(user: "x@example.com", groups: ["Portico-Admins@Example.com"]).canAdmin)
        #expect(!policy(lowercase: false).rights(user: "x@example.com", groups: ["Portico-Admins@Example.com"]).canAdmin)
        #expect(policy(lowercase: false).rights(user: "x@example.com", groups: ["portico-admins@example.com"]).canAdmin)
    }
}
