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
                configuration.accounts = ["111111111111": "alpha", "222222222222": "beta"]
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
            #expect(answer.pages?.config.enabled == true)
            #expect(answer.pages?.audit.enabled == true)
        }
    }

    @Test func theProfileSaysWhichPagesThePersonMayUseAndNamesEveryAccount() async throws {
        try await withGateway { gateway, factory in
            let answer = try await profile(
                "alice@example.com", groups: ["engineering@example.com"], gateway: gateway, factory: factory)
            let pages = try #require(answer.pages)
            #expect(pages.policies.enabled && pages.selfService.enabled)
            #expect(!pages.config.enabled, "the config editor needs can_edit_config")
            #expect(!pages.audit.enabled, "the audit trail needs can_admin")
            #expect(!pages.groups.enabled && !pages.users.enabled && !pages.apiHealth.enabled, "pages Portico does not have")
            #expect(answer.accounts == ["111111111111": "alpha", "222222222222": "beta"])
            #expect(answer.siteConfig.tempPolicySupport == true)
            #expect(answer.siteConfig.notifications == .init(enabled: false, requestInterval: 60))
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
