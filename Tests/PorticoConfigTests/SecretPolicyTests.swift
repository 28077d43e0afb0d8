import PorticoConfig
import Testing

/// Production refuses to start without real secrets and says which; development falls back loudly.
@Suite struct SecretPolicyTests {
    let loader = ConfigLoader(environment: [:], workingDirectory: "/nonexistent-portico-dir")
    static let rpcSecret = String(repeating: "r", count: 32)
    static let sessionSecret = String(repeating: "s", count: 32)

    @Test func aFileWithoutEnvironmentIsProductionAndRefusesWithoutSecrets() {
        #expect(throws: ConfigError.missingSecret(key: "rpc.secret", environmentVariable: "PORTICO_RPC_SECRET")) {
            try loader.load(yaml: "region: us-east-1")
        }
        #expect(throws: ConfigError.missingSecret(key: "rpc.secret", environmentVariable: "PORTICO_RPC_SECRET")) {
            try loader.load(yaml: "")
        }
    }

    @Test func aFileFromTheSearchPathWithoutEnvironmentIsProduction() throws {
        let directory = try TemporaryDirectory()
        try directory.write(
            "portico.yaml", "rpc: {secret: \(Self.rpcSecret)}\nauth: {session: {secret: \(Self.sessionSecret)}}\naudit: {archive: {bucket: audit}}\n")
        let loaded = try ConfigLoader(environment: [:], workingDirectory: directory.path).load()
        #expect(loaded.configuration.environment == .prod)
        #expect(loaded.warnings.isEmpty)
    }

    @Test func onlyTheBuiltInExampleIsDevelopment() throws {
        #expect(try loader.load().configuration.environment == .dev)
        #expect(PorticoConfiguration().environment == .prod)
    }

    @Test func productionWithoutRPCSecretRefusesNamingItAndItsVariable() {
        #expect(throws: ConfigError.missingSecret(key: "rpc.secret", environmentVariable: "PORTICO_RPC_SECRET")) {
            try loader.load(yaml: "environment: prod\nauth: {session: {secret: s}}")
        }
    }

    @Test func productionWithoutSessionSecretRefusesNamingIt() {
        #expect(throws: ConfigError.missingSecret(key: "auth.session.secret", environmentVariable: "PORTICO_SESSION_SECRET")) {
            try loader.load(yaml: "environment: prod\nrpc: {secret: \(Self.rpcSecret)}")
        }
    }

    @Test func productionWithoutANamedClientSecretRefusesNamingTheClient() {
        #expect(throws: ConfigError.missingSecret(
            key: "rpc.clients.billing-svc.secret", environmentVariable: "PORTICO_RPC_CLIENT_BILLING_SVC_SECRET")) {
            try loader.load(yaml: "environment: prod\nrpc: {secret: \(Self.rpcSecret), clients: {billing-svc: {roles: []}}}\nauth: {session: {secret: \(Self.sessionSecret)}}")
        }
    }

    @Test func productionRefusesTheDevelopmentSecret() {
        #expect(throws: ConfigError.self) {
            try loader.load(yaml: "environment: prod\nrpc: {secret: portico-development-only-rpc-secret}\nauth: {session: {secret: s}}")
        }
    }

    @Test func productionWithSecretsFromTheEnvironmentStarts() throws {
        let loader = ConfigLoader(
            environment: ["PORTICO_RPC_SECRET": Self.rpcSecret, "PORTICO_SESSION_SECRET": Self.sessionSecret], workingDirectory: "/nonexistent-portico-dir")
        let loaded = try loader.load(yaml: "environment: prod\naudit: {archive: {bucket: audit}}")
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
        let c = try loader.load(yaml: "environment: dev\nrpc: {secret: hunter2}").configuration
        #expect("\(c.rpc.secret!)" == "<redacted>")
        #expect(!String(describing: c.rpc).contains("hunter2"))
        #expect(!String(reflecting: c.rpc).contains("hunter2"))
    }
}
