import PorticoAPI
import PorticoHTTP
import Testing

/// The caller's groups and rights are resolved once per request, by `AuthorizationMiddleware`,
/// and only for the routes that act on them: the web UI's page and the CLI login's validator
/// never ask AuthService.
@Suite struct AuthorizationMiddlewareTests {
    /// How many times the gateway looked the caller's authorization up (hits, joins and misses).
    private func authorizationLookups(_ gateway: RunningGateway) async throws -> Double {
        var total = 0.0
        for result in ["hit", "joined", "miss"] {
            total += try await gateway.metric(#"portico_gateway_cache_lookups_total{cache="authorization",result="\#(result)"}"#)
        }
        return total
    }

    @Test func eachBackendRouteResolvesTheCallerOnceAndOtherRoutesNever() async throws {
        try await RunningGateway.withALBKeys { gateway, factory in
            let alice = try await SignedInUser.signIn("alice@example.com", factory: factory, at: gateway)
            #expect(try await authorizationLookups(gateway) == 1, "the sign-in's user_profile")

            let profile = try await gateway.request(APIPaths.userProfile, headers: [alice.bearerHeader])
            #expect(try profile.decoded(UserProfile.self).groups == ["engineering@example.com"])
            #expect(try await authorizationLookups(gateway) == 2)

            // The credential service is down (503), but the caller was resolved first, once.
            let credentials = try await gateway.request(
                "POST", APIPaths.getCredentials, headers: [alice.bearerHeader], body: #"{"requested_role": "prod"}"#)
            #expect(credentials.status == 503)
            let roles = try await gateway.request(APIPaths.getRolesV1, headers: [alice.bearerHeader])
            #expect(roles.status == 503)
            #expect(try await authorizationLookups(gateway) == 4)

            _ = try await gateway.request("/", headers: [alice.bearerHeader, ("Accept", "text/html")])
            _ = try await gateway.request(APIPaths.challengeValidator("unknown"), headers: [alice.bearerHeader])
            #expect(try await authorizationLookups(gateway) == 4, "the page and the validator need no rights")
        }
    }
}
