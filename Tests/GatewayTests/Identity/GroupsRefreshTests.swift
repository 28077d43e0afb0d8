import Foundation
import PorticoConfig
import PorticoHTTP
import PorticoTestSupport
import Testing

/// A session used `auth.session.groups_refresh_seconds` or longer after its groups were resolved
/// has them resolved again through AuthService, with Google Directory asked afresh, instead of
/// what the caches hold: someone removed from a directory group loses it within that time.
@Suite struct GroupsRefreshTests {
    static let oncall = "oncall@example.com"

    struct Stage {
        let gateway: RunningGateway
        let factory: ALBTokenFactory
        let directory: DirectoryStandIn

        func groups(_ headers: [(String, String)]) async throws -> (groups: [String], response: HTTPClient.Response) {
            let response = try await gateway.request("/api/v2/user_profile", headers: headers)
            #expect(response.status == 200)
            return (response.json["groups"] as? [String] ?? [], response)
        }
    }

    private func withStage(_ body: (Stage) async throws -> Void) async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let directory = try await DirectoryStandIn.start(memberships: ["alice@example.com": [Self.oncall]])
        let factory = try ALBTokenFactory()
        let keys = try await KeyServer.start(serving: factory.publicKeyPEM, kid: factory.kid)
        var configuration = TestConfiguration.production(keyServerURL: keys.urlTemplate, redisPort: redis.port)
        configuration.google.enabled = true
        configuration.google.serviceKeyFile = try await DirectoryStandIn.writeServiceKeyFile()
        configuration.google.credentialSubject = "directory-admin@example.com"
        configuration.google.tokenURL = directory.tokenURL
        configuration.google.directoryURL = directory.directoryURL
        // The stand-in speaks plain HTTP on loopback, which AuthService accepts only in dev.
        var authConfiguration = configuration
        authConfiguration.environment = .dev
        let auth = try await RunningAuth.start(authConfiguration, directory: true)
        configuration.services.auth = [auth.address]
        do {
            try await RunningGateway.with(configuration) { gateway in
                try await body(Stage(gateway: gateway, factory: factory, directory: directory))
            }
        } catch {
            await auth.stop()
            await keys.stop()
            await directory.shutdown()
            throw error
        }
        await auth.stop()
        await keys.stop()
        await directory.shutdown()
    }

    @Test func aCookieSessionPastTheRefreshSeesTheDirectoryAsItIsNowAndIsRenewed() async throws {
        try await withStage { stage in
            let alice = try await SignedInUser.signIn("alice@example.com", factory: stage.factory, at: stage.gateway)
            #expect(try await stage.groups([alice.cookieHeader]).groups.contains(Self.oncall))

            stage.directory.setGroups([], of: "alice@example.com")
            #expect(try await stage.groups([alice.cookieHeader]).groups.contains(Self.oncall), "within the refresh, cached")

            let stale = try SessionForge.token(signedInSecondsAgo: 400, groupsSecondsAgo: 301, sessionID: "stale-cookie")
            let (groups, response) = try await stage.groups([("Cookie", "consoleme_auth=\(stale)")])
            #expect(!groups.contains(Self.oncall))
            #expect(groups.contains("engineering@example.com"), "the sign-in's claims stay")

            let renewed = try #require(response.cookieValue(named: "consoleme_auth"))
            let claims = try SessionForge.claims(of: renewed)
            let old = try SessionForge.claims(of: stale)
            #expect(claims["sid"] as? String == "stale-cookie")
            #expect(claims["auth_time"] as? Int == old["auth_time"] as? Int)
            let groupsAt = try #require(claims["groups_at"] as? Int)
            #expect(abs(Int64(groupsAt) - SessionForge.now) <= 5)

            // The fresher answer replaced the cached one for every session of the same sign-in groups.
            #expect(!(try await stage.groups([alice.cookieHeader]).groups.contains(Self.oncall)))
        }
    }

    @Test func aBearerSessionIsRefreshedOncePerPeriodOnAGateway() async throws {
        try await withStage { stage in
            let fresh = try SessionForge.token(audience: .cli, signedInSecondsAgo: 400, groupsSecondsAgo: 0)
            #expect(try await stage.groups([("Authorization", "Bearer \(fresh)")]).groups.contains(Self.oncall))
            let asked = stage.directory.directoryLookups

            let stale = try SessionForge.token(audience: .cli, signedInSecondsAgo: 400, groupsSecondsAgo: 301)
            let bearer = ("Authorization", "Bearer \(stale)")

            stage.directory.setGroups([], of: "alice@example.com")
            let (groups, response) = try await stage.groups([bearer])
            #expect(!groups.contains(Self.oncall), "the first use past the refresh asked the directory again")
            #expect(response.setCookie(named: "consoleme_auth") == nil, "a bearer token is not replaced")
            let askedAgain = stage.directory.directoryLookups
            #expect(askedAgain == asked + 1)

            _ = try await stage.groups([bearer])
            #expect(stage.directory.directoryLookups == askedAgain, "refreshed moments ago on this gateway")
        }
    }
}
