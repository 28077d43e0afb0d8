import PorticoConfig
import PorticoCore
import Testing

/// How long sessions live and who may approve a CLI login (`auth.session`, `auth.challenge`),
/// which ALB tokens are this application's (`auth.alb.issuer`, `auth.alb.client_ids`), and where
/// the gateway's metrics are served (`metrics`).
@Suite struct SessionConfigTests {
    let loader = ConfigLoader(environment: [:], workingDirectory: "/nonexistent-portico-dir")

    @Test func sessionsEndTwelveHoursAfterSignInAndOnlyTenMinuteOldSignInsApprove() throws {
        let auth = try loader.load(yaml: "environment: dev").configuration.auth
        #expect(auth.session.maxLifetimeMinutes == 720)
        #expect(auth.session.groupsRefreshSeconds == 300)
        #expect(auth.session.auditStream == "portico:audit:sessions")
        #expect(auth.challenge.maxSignInAgeSeconds == 600)
        #expect(auth.alb.issuer == nil)
        #expect(auth.alb.clientIDs.isEmpty)
    }

    @Test func theKeysAreReadWithoutUnknownKeyWarnings() throws {
        let loaded = try loader.load(yaml: """
            environment: dev
            auth:
              session: {max_lifetime_minutes: 480, groups_refresh_seconds: 60, audit_stream: "audit:sessions"}
              challenge: {max_sign_in_age_seconds: 120}
              alb: {issuer: "https://idp.example.com", client_ids: [portico, portico-staging]}
            metrics: {listen: {gateway: "127.0.0.1:9200"}, bearer_token: scrape-token}
            """)
        #expect(!loaded.warnings.contains { $0.contains("unknown") })
        let configuration = loaded.configuration
        #expect(configuration.auth.session.maxLifetimeMinutes == 480)
        #expect(configuration.auth.session.groupsRefreshSeconds == 60)
        #expect(configuration.auth.session.auditStream == "audit:sessions")
        #expect(configuration.auth.challenge.maxSignInAgeSeconds == 120)
        #expect(configuration.auth.alb.issuer == "https://idp.example.com")
        #expect(configuration.auth.alb.clientIDs == ["portico", "portico-staging"])
        #expect(configuration.metrics.gateway == HostPort(host: "127.0.0.1", port: 9200))
        #expect(configuration.metrics.bearerToken?.exposed == "scrape-token")
    }

    @Test func theGatewayMetricsHaveAnAddressOfTheirOwnByDefault() throws {
        let metrics = try loader.load(yaml: "environment: dev").configuration.metrics
        #expect(metrics.gateway == HostPort(host: "127.0.0.1", port: 9100))
        #expect(metrics.bearerToken == nil)
    }

    @Test func theMetricsTokenComesFromTheEnvironment() throws {
        let loader = ConfigLoader(environment: ["PORTICO_METRICS_TOKEN": "from-env"], workingDirectory: "/nonexistent-portico-dir")
        #expect(try loader.load(yaml: "environment: dev").configuration.metrics.bearerToken?.exposed == "from-env")
    }

    @Test(arguments: [
        ("auth: {session: {max_lifetime_minutes: 0}}", "auth.session.max_lifetime_minutes"),
        ("auth: {session: {groups_refresh_seconds: 5}}", "auth.session.groups_refresh_seconds"),
        ("auth: {challenge: {max_sign_in_age_seconds: later}}", "auth.challenge.max_sign_in_age_seconds"),
        ("auth: {alb: {client_ids: portico}}", "auth.alb.client_ids"),
    ])
    func aBadValueIsRefusedWithItsKey(yaml: String, key: String) {
        #expect {
            _ = try loader.load(yaml: "environment: dev\n" + yaml)
        } throws: { error in
            "\(error)".contains(key)
        }
    }
}
