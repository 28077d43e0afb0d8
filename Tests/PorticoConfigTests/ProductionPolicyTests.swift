import PorticoConfig
import Testing

/// What production refuses beyond missing secrets: short RPC and session secrets, clients named
/// after Portico's services, and plain-http URLs for keys, federation, Google and Slack. Each
/// refusal names the key; development accepts all of it.
@Suite struct ProductionPolicyTests {
    static let strong = String(repeating: "k", count: 32)
    static let short = String(repeating: "k", count: 31)
    /// Real secrets for everything, from the environment, so a case's YAML says only what it tests.
    let loader = ConfigLoader(
        environment: ["PORTICO_RPC_SECRET": strong, "PORTICO_SESSION_SECRET": strong],
        workingDirectory: "/nonexistent-portico-dir")

    /// A production document and the refusal it must get.
    struct Case: CustomTestStringConvertible, Sendable {
        let yaml: String
        let refusal: ConfigError
        var testDescription: String { "\(refusal)" }
    }

    static let cases: [Case] = [
        Case(yaml: "auth: {alb: {public_key_url: \"http://keys.example.com/{kid}\"}}", refusal: .insecureURL(key: "auth.alb.public_key_url")),
        Case(yaml: "aws: {federation_url: http://signin.example.com/federation}", refusal: .insecureURL(key: "aws.federation_url")),
        Case(yaml: "google: {token_url: http://oauth2.example.com/token}", refusal: .insecureURL(key: "google.token_url")),
        Case(yaml: "google: {directory_url: http://admin.example.com/dir}", refusal: .insecureURL(key: "google.directory_url")),
        Case(yaml: "slack: {webhook_url: http://hooks.slack.com/services/T/B/x}", refusal: .insecureURL(key: "slack.webhook_url")),
        Case(yaml: "slack: {webhook_url: \"https:///services/T/B/x\"}", refusal: .insecureURL(key: "slack.webhook_url")),
        Case(
            yaml: "rpc: {clients: {billing-svc: {secret: \(short), roles: []}}}",
            refusal: .secretTooShort(key: "rpc.clients.billing-svc.secret", minimumBytes: 32)),
        Case(
            yaml: "google: {enabled: true, credential_subject: admin@example.com}",
            refusal: .invalidValue(
                key: "google.service_key_file", expected: "a service-account key file when google.enabled is true",
                found: "nothing")),
    ]

    @Test(arguments: cases)
    func productionRefusesNamingTheKey(_ unsafe: Case) {
        #expect(throws: unsafe.refusal) { try loader.load(yaml: unsafe.yaml) }
        #expect("\(unsafe.refusal)".contains("'\(unsafe.refusal.key)'"))
    }

    @Test func aShortRPCSecretIsRefusedInProduction() {
        let loader = ConfigLoader(environment: ["PORTICO_SESSION_SECRET": Self.strong], workingDirectory: "/nonexistent-portico-dir")
        #expect(throws: ConfigError.secretTooShort(key: "rpc.secret", minimumBytes: 32)) {
            try loader.load(yaml: "rpc: {secret: \(Self.short)}")
        }
    }

    @Test func aShortSessionSecretIsRefusedInProduction() {
        let loader = ConfigLoader(environment: ["PORTICO_RPC_SECRET": Self.strong], workingDirectory: "/nonexistent-portico-dir")
        #expect(throws: ConfigError.secretTooShort(key: "auth.session.secret", minimumBytes: 32)) {
            try loader.load(yaml: "auth: {session: {secret: \(Self.short)}}")
        }
    }

    @Test(arguments: ["gateway", "auth", "credentials", "cache", "requests", "Gateway"])
    func aClientNamedAfterAPorticoServiceIsRefusedInEveryEnvironment(name: String) {
        for environment in ["dev", "prod"] {
            #expect {
                try loader.load(yaml: "environment: \(environment)\nrpc: {clients: {\(name): {secret: \(Self.strong), roles: []}}}")
            } throws: { error in
                guard case let ConfigError.invalidValue(key, expected, _) = error else { return false }
                return key == "rpc.clients.\(name)" && expected.contains("not a Portico service")
            }
        }
    }

    @Test func theSlackWebhookMayComeFromTheEnvironmentAndIsASecret() throws {
        let webhook = "https://hooks.slack.com/services/T000/B000/sekrit"
        var environment = loader.environment
        environment["PORTICO_SLACK_WEBHOOK_URL"] = webhook
        let loaded = try ConfigLoader(environment: environment, workingDirectory: "/").load(yaml: Self.archived)
        #expect(loaded.configuration.slack.webhookURL?.exposed == webhook)
        #expect(!"\(loaded.configuration.slack)".contains("sekrit"))
        environment["PORTICO_SLACK_WEBHOOK_URL"] = "http://hooks.slack.com/services/T000/B000/sekrit"
        #expect {
            try ConfigLoader(environment: environment, workingDirectory: "/").load(yaml: "")
        } throws: { error in
            error as? ConfigError == .insecureURL(key: "slack.webhook_url") && !"\(error)".contains("sekrit")
        }
    }

    @Test func productionWithHTTPSURLsAndLongSecretsLoads() throws {
        let loaded = try loader.load(yaml: """
            rpc: {clients: {billing-svc: {secret: \(Self.strong), roles: []}}}
            \(Self.archived)
            slack: {webhook_url: "https://hooks.slack.com/services/T/B/x"}
            google: {token_url: "HTTPS://oauth2.example.com/token"}
            """)
        #expect(loaded.configuration.environment == .prod)
    }

    /// The audit archive every production configuration names.
    static let archived = "audit: {archive: {bucket: audit-archive}}"

    @Test func productionRefusesToStartWithoutAnAuditArchiveNamingTheKey() {
        #expect {
            try loader.load(yaml: "rpc: {clients: {billing-svc: {secret: \(Self.strong), roles: []}}}")
        } throws: { error in
            guard case let ConfigError.invalidValue(key, _, _) = error else { return false }
            return key == "audit.archive.bucket"
        }
        #expect(throws: Never.self) { try ConfigLoader(environment: [:], workingDirectory: "/").load(yaml: "environment: dev") }
    }

    @Test func developmentAcceptsPlainHTTPAndShortSecrets() throws {
        let loaded = try ConfigLoader(environment: [:], workingDirectory: "/").load(yaml: """
            environment: dev
            rpc: {secret: short, clients: {billing-svc: {secret: b, roles: []}}}
            auth: {alb: {public_key_url: "http://127.0.0.1:8080/{kid}"}, session: {secret: s}}
            aws: {federation_url: http://127.0.0.1:9000/federation}
            google: {token_url: http://127.0.0.1:9001/token, directory_url: http://127.0.0.1:9001/dir}
            slack: {webhook_url: http://127.0.0.1:9002/hook}
            """)
        #expect(loaded.configuration.environment == .dev)
    }
}

extension ConfigError {
    /// The key a refusal names.
    var key: String {
        switch self {
        case let .invalidValue(key, _, _), let .missingSecret(key, _), let .secretTooShort(key, _), let .insecureURL(key): key
        case let .unreadable(path, _): path
        case let .unparsable(source, _): source
        case .extendsCycle: "extends"
        }
    }
}
