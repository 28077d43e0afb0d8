import PorticoAPI
import PorticoConfig
import Testing

/// `GET /api/v2/user_profile` carries the merged groups and the rights AuthService answers for
/// the configured `groups:`.
@Suite struct UserProfileAuthorizationTests {
    private func withGateway(_ body: (RunningGateway, ALBTokenFactory) async throws -> Void) async throws {
        try await RunningGateway.withALBKeys(
            configure: { configuration in
                configuration.groups.canAdmin = ["portico-admins@example.com"]
                configuration.groups.canAdminPolicies = ["security@example.com"]
                configuration.groups.groupsToAddForAllUsers = ["all-staff"]
                configuration.groups.staticGroups = ["security@example.com": ["reviewers"]]
            }, body)
    }

    private func profile(
        _ email: String, groups: [String], gateway: RunningGateway, factory: ALBTokenFactory
    ) async throws -> UserProfile {
        let user = try await SignedInUser.signIn(email, groups: groups, factory: factory, at: gateway)
        let response = try await gateway.request("/api/v2/user_profile", headers: [user.bearerHeader])
        try #require(response.status == 200)
        return try response.decoded(UserProfile.self)
    }

    @Test func aReviewerGetsPolicyRightsAndTheMergedGroups() async throws {
        try await withGateway { gateway, factory in
            let answer = try await profile("sam@example.com", groups: ["Security@example.com"], gateway: gateway, factory: factory)
            #expect(answer.groups == ["security@example.com", "reviewers", "all-staff"])
            #expect(answer.authorization == .init(canAdmin: false, canAdminPolicies: true, canEditConfig: false, canCreateRoles: false))
        }
    }

    @Test func anAdministratorHoldsEveryRight() async throws {
        try await withGateway { gateway, factory in
            let answer = try await profile(
                "root@example.com", groups: ["portico-admins@example.com"], gateway: gateway, factory: factory)
            #expect(answer.authorization == .init(canAdmin: true, canAdminPolicies: true, canEditConfig: true, canCreateRoles: true, canDeleteIAMPrincipals: true))
        }
    }

    @Test func anEngineerHoldsNoRights() async throws {
        try await withGateway { gateway, factory in
            let answer = try await profile(
                "alice@example.com", groups: ["engineering@example.com"], gateway: gateway, factory: factory)
            #expect(answer.groups == ["engineering@example.com", "all-staff"])
            #expect(answer.authorization == .init(canAdmin: false, canAdminPolicies: false, canEditConfig: false, canCreateRoles: false))
        }
    }
}
