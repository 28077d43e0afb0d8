import PorticoConfig
import Testing

/// `GET /api/v2/user_profile` carries the merged groups and the rights AuthService answers for
/// the configured `groups:`.
@Suite struct UserProfileAuthorizationTests {
    private func withGateway(_ body: (RunningGateway, ALBTokenFactory) async throws -> Void) async throws {
        let factory = try ALBTokenFactory()
        let keys = try await KeyServer.start(serving: factory.publicKeyPEM, kid: factory.kid)
        var configuration = TestConfiguration.production(keyServerURL: keys.urlTemplate)
        configuration.groups.canAdmin = ["portico-admins@example.com"]
        configuration.groups.canAdminPolicies = ["security@example.com"]
        configuration.groups.groupsToAddForAllUsers = ["all-staff"]
        configuration.groups.staticGroups = ["security@example.com": ["reviewers"]]
        do {
            try await RunningGateway.with(configuration) { try await body($0, factory) }
        } catch {
            await keys.stop()
            throw error
        }
        await keys.stop()
    }

    private func profile(
        _ email: String, groups: [String], gateway: RunningGateway, factory: ALBTokenFactory
    ) async throws -> [String: Any] {
        let user = try await SignedInUser.signIn(email, groups: groups, factory: factory, at: gateway)
        let response = try await gateway.request("/api/v2/user_profile", headers: [user.bearerHeader])
        try #require(response.status == 200)
        return response.json
    }

    @Test func aReviewerGetsPolicyRightsAndTheMergedGroups() async throws {
        try await withGateway { gateway, factory in
            let json = try await profile("sam@example.com", groups: ["Security@example.com"], gateway: gateway, factory: factory)
            #expect(json["groups"] as? [String] == ["security@example.com", "reviewers", "all-staff"])
            #expect(json["authorization"] as? [String: Bool] == [
                "can_admin": false, "can_admin_policies": true, "can_edit_config": false, "can_create_roles": false,
            ])
        }
    }

    @Test func anAdministratorHoldsEveryRight() async throws {
        try await withGateway { gateway, factory in
            let json = try await profile(
                "root@example.com", groups: ["portico-admins@example.com"], gateway: gateway, factory: factory)
            #expect(json["authorization"] as? [String: Bool] == [
                "can_admin": true, "can_admin_policies": true, "can_edit_config": true, "can_create_roles": true,
            ])
        }
    }

    @Test func anEngineerHoldsNoRights() async throws {
        try await withGateway { gateway, factory in
            let json = try await profile(
                "alice@example.com", groups: ["engineering@example.com"], gateway: gateway, factory: factory)
            #expect(json["groups"] as? [String] == ["engineering@example.com", "all-staff"])
            #expect((json["authorization"] as? [String: Bool])?.values.contains(true) == false)
        }
    }
}
