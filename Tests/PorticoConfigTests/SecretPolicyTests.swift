import PorticoConfig
import Testing

/// Production refuses to start without real secrets and says which; development falls back loudly.
@Suite struct SecretPolicyTests {
    let loader = ConfigLoader(environment: [:], workingDirectory: "/nonexistent-portico-dir")

    @Test func productionWithoutRPCSecretRefusesNamingItAndItsVariable() {
        #expect(throws: ConfigError.missingSecret(key: "rpc.secret", environmentVariable: "PORTICO_RPC_SECRET")) {
            try loader.load(yaml: "environment: prod\nauth: {session: {secret: s}}")
        }
    }

    @Test func productionWithoutSessionSecretRefusesNamingIt() {
        #expect(throws: ConfigError.missingSecret(key: "auth.session.secret", environmentVariable: "PORTICO_SESSION_SECRET")) {
            try loader.load(yaml: "environment: prod\nrpc: {secret: r}")
        }
    }

    @Test func productionWithoutANamedClientSecretRefusesNamingTheClient() {
        #expect(throws: ConfigError.missingSecret(
            key: "rpc.clients.billing-svc.secret", environmentVariable: "PORTICO_RPC_CLIENT_BILLING_SVC_SECRET")) {
            try loader.load(yaml: "environment: prod\nrpc: {secret: r, clients: {billing-svc: {roles: []}}}\nauth: {session: {secret: s}}")
        }
    }

    @Test func productionRefusesTheDevelopmentSecret() {
        #expect(throws: ConfigError.self) {
            try loader.load(yaml: "environment: prod\nrpc: {secret: portico-development-only-rpc-secret}\nauth: {session: {secret: s}}")
        }
    }

    @Test func productionWithSecretsFromTheEnvironmentStarts() throws {
        let loader = ConfigLoader(
            environment: ["PORTICO_RPC_SECRET": "r", "PORTICO_SESSION_SECRET": "s"], workingDirectory: "/nonexistent-portico-dir")
        let loaded = try loader.load(yaml: "environment: prod")
        #expect(loaded.configuration.environment == .prod)
        #expect(loaded.warnings.isEmpty)
    }

    @Test func developmentFallsBackToDevelopmentSecretsWithAWarning() throws {
        let loaded = try loader.load(yaml: "environment: dev")
        #expect(loaded.configuration.rpc.secret != nil)
        #expect(loaded.warnings.contains { $0.contains("rpc.secret") })
        #expect(loaded.warnings.contains { $0.contains("auth.session.secret") })
    }

    @Test func secretsPrintAsRedacted() throws {
        let c = try loader.load(yaml: "rpc: {secret: hunter2}").configuration
        #expect("\(c.rpc.secret!)" == "<redacted>")
        #expect(!String(describing: c.rpc).contains("hunter2"))
        #expect(!String(reflecting: c.rpc).contains("hunter2"))
    }
}
