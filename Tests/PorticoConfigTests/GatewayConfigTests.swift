import PorticoConfig
import Testing

/// The gateway's cache TTLs under `gateway:`.
@Suite struct GatewayConfigTests {
    let loader = ConfigLoader(environment: [:], workingDirectory: "/nonexistent-portico-dir")

    @Test func cacheLifetimesDefaultToThirtyTenAndSixtySeconds() throws {
        let gateway = try loader.load(yaml: "environment: dev").configuration.gateway
        #expect(gateway.authorizationCacheSeconds == 30)
        #expect(gateway.eligibleRolesCacheSeconds == 10)
        #expect(gateway.accountNamesCacheSeconds == 60)
    }

    @Test func cacheLifetimesAreReadAndZeroIsAllowed() throws {
        let loaded = try loader.load(yaml: """
            environment: dev
            gateway: {authorization_cache_seconds: 0, eligible_roles_cache_seconds: 5, account_names_cache_seconds: 300}
            """)
        #expect(!loaded.warnings.contains { $0.contains("unknown") })
        let gateway = loaded.configuration.gateway
        #expect(gateway.authorizationCacheSeconds == 0)
        #expect(gateway.eligibleRolesCacheSeconds == 5)
        #expect(gateway.accountNamesCacheSeconds == 300)
    }

    @Test(arguments: [
        ("gateway: {authorization_cache_seconds: -1}", "gateway.authorization_cache_seconds"),
        ("gateway: {eligible_roles_cache_seconds: 3601}", "gateway.eligible_roles_cache_seconds"),
        ("gateway: {account_names_cache_seconds: soon}", "gateway.account_names_cache_seconds"),
    ])
    func anOutOfRangeOrMistypedLifetimeIsRefusedWithItsKey(yaml: String, key: String) {
        #expect {
            _ = try loader.load(yaml: yaml)
        } throws: { error in
            "\(error)".contains(key)
        }
    }
}
