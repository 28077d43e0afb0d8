import Gateway
import PorticoConfig
import Testing

/// The gateway's limits come from `gateway:`, today's values being the defaults.
@Suite struct GatewayLimitsTests {
    @Test func theDefaultsOfGatewayAreTheLimitsDefaults() {
        let limits = GatewayLimits(PorticoConfiguration.Gateway())
        let defaults = GatewayLimits.defaults
        #expect(limits.maxChallengesPerAddress == defaults.maxChallengesPerAddress)
        #expect(limits.albKeyFailureRetention == defaults.albKeyFailureRetention)
        #expect(limits.albExpiryLeeway == defaults.albExpiryLeeway)
        #expect(limits.backendCallTimeout == defaults.backendCallTimeout)
    }

    @Test func eachLimitIsReadFromItsKey() throws {
        let loaded = try ConfigLoader().load(yaml: """
            environment: dev
            gateway: {max_challenges_per_address: 3, alb_key_failure_retention_seconds: 1, alb_expiry_leeway_seconds: 2,
                      backend_call_timeout_seconds: 4}
            """)
        let limits = GatewayLimits(loaded.configuration.gateway)
        #expect(limits.maxChallengesPerAddress == 3)
        #expect(limits.albKeyFailureRetention == .seconds(1))
        #expect(limits.albExpiryLeeway == .seconds(2))
        #expect(limits.backendCallTimeout == .seconds(4))
        #expect(!loaded.warnings.contains { $0.contains("unknown") })
    }

    @Test func aTimeoutOutOfRangeIsRefusedNamingTheKey() {
        #expect {
            try ConfigLoader().load(yaml: "{environment: dev, gateway: {backend_call_timeout_seconds: 0}}")
        } throws: { error in
            "\(error)".contains("gateway.backend_call_timeout_seconds")
        }
    }
}
