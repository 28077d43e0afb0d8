import Gateway
import PorticoConfig
import Testing

/// The gateway refuses to start with configuration it cannot run safely with.
@Suite struct GatewayStartupTests {
    @Test func productionRefusesAShortOrMissingSessionSecret() async throws {
        for secret in [nil, Secret("short")] {
            var configuration = TestConfiguration.production()
            configuration.auth.session.secret = secret
            await #expect(throws: GatewayStartupError.weakSessionSecret(minimumBytes: 32)) {
                try await RunningGateway.start(configuration)
            }
        }
    }

    @Test func anInvalidCookieNameIsRefused() async throws {
        var configuration = TestConfiguration.production()
        configuration.auth.session.cookieName = "bad name;"
        await #expect(throws: GatewayStartupError.invalidCookieName("bad name;")) {
            try await RunningGateway.start(configuration)
        }
    }

    @Test func theRPCSecretIsRequiredToCallTheOtherServices() async throws {
        var configuration = TestConfiguration.production()
        configuration.rpc.secret = nil
        configuration.services.auth = [TestConfiguration.nowhere]
        await #expect(throws: GatewayStartupError.missingRPCSecret) {
            try await RunningGateway.start(configuration)
        }
    }

    @Test func aNamedRPCClientCannotTakeTheGatewaysIdentity() async throws {
        var configuration = TestConfiguration.production()
        configuration.rpc.clients = ["gateway": .init(secret: Secret("client-secret"), roles: [])]
        configuration.services.auth = [TestConfiguration.nowhere]
        await #expect(throws: GatewayStartupError.rpcIdentityTaken("gateway")) {
            try await RunningGateway.start(configuration)
        }
    }

    @Test func theHealthcheckNeedsNoCredentials() async throws {
        try await RunningGateway.with(TestConfiguration.production()) { gateway in
            let health = try await gateway.request("/healthcheck")
            #expect(health.status == 200)
        }
    }
}
