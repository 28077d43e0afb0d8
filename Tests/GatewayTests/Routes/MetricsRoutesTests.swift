import PorticoConfig
import PorticoHTTP
import Testing

/// The gateway's metrics are not on its public port: they are served on `metrics.listen.gateway`,
/// and on the public port only to `metrics.bearer_token` when one is configured.
@Suite struct MetricsRoutesTests {
    @Test func thePublicPortServesNoMetricsWithoutAConfiguredToken() async throws {
        try await RunningGateway.with(TestConfiguration.production()) { gateway in
            let open = try await gateway.request("/metrics")
            #expect(open.status == 404)
            #expect(!open.bodyText.contains("portico_"))
            let guessed = try await gateway.request("/metrics", headers: [("Authorization", "Bearer anything")])
            #expect(guessed.status == 404)
        }
    }

    @Test func theMetricsPortServesThem() async throws {
        try await RunningGateway.with(TestConfiguration.production()) { gateway in
            _ = try await gateway.request("/api/v2/user_profile")
            #expect(try await gateway.metric(#"portico_gateway_authentication_failures_total{reason="missing"}"#) == 1)
        }
    }

    @Test func withATokenThePublicPortServesMetricsToItAlone() async throws {
        var configuration = TestConfiguration.production()
        configuration.metrics.bearerToken = Secret("metrics-scrape-token-0123456789abcdef")
        try await RunningGateway.with(configuration) { gateway in
            let none = try await gateway.request("/metrics")
            #expect(none.status == 401)
            for wrong in ["metrics-scrape-token-0123456789abcdeX", "metrics-scrape-token", "metrics-scrape-token-0123456789abcdef0"] {
                let response = try await gateway.request("/metrics", headers: [("Authorization", "Bearer \(wrong)")])
                #expect(response.status == 401)
                #expect(!response.bodyText.contains("metrics-scrape-token"))
            }
            let right = try await gateway.request(
                "/metrics", headers: [("Authorization", "Bearer metrics-scrape-token-0123456789abcdef")])
            #expect(right.status == 200)
            #expect(right.bodyText.contains("portico_gateway_alb_key_lookups_total"))
        }
    }
}
