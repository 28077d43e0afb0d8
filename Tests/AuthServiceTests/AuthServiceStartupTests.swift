import AuthService
import Foundation
import PorticoConfig
import PorticoHTTP
import PorticoTestSupport
import Testing

@Suite("AuthService start with Google Directory configured")
struct AuthServiceStartupTests {
    private func configuration(
        environment: PorticoConfiguration.Environment, keyFile: String?, subject: String? = TestServiceAccount.subject
    ) -> PorticoConfiguration {
        var configuration = PorticoConfiguration()
        configuration.environment = environment
        configuration.google.enabled = true
        configuration.google.serviceKeyFile = keyFile
        configuration.google.credentialSubject = subject
        return configuration
    }

    private func start(_ configuration: PorticoConfiguration, logs: LogRecorder = LogRecorder()) async throws(AuthServiceStartupError)
        -> AuthService
    {
        let http = HTTPClient(logger: logs.logger)
        defer { Task { await http.shutdown() } }
        return try AuthService(configuration: configuration, httpClient: http, redis: nil, logger: logs.logger)
    }

    /// The start's refusal, or nil when it started.
    private func refusal(_ configuration: PorticoConfiguration) async -> AuthServiceStartupError? {
        do {
            _ = try await start(configuration)
            return nil
        } catch {
            return error
        }
    }

    @Test("prod refuses a missing key file, naming the file and the key")
    func prodRefusesMissingFile() async throws {
        let path = "/nonexistent/\(UUID().uuidString)/key.json"
        let error = try #require(await refusal(configuration(environment: .prod, keyFile: path)))
        #expect(error == .serviceKey(.unreadable(path: path, reason: "no such file")))
        #expect(error.description.contains(path) && error.description.contains("google.service_key_file"))
    }

    @Test("prod refuses an unset key file or subject, naming the key", arguments: [
        (nil, TestServiceAccount.subject, AuthServiceStartupError.serviceKey(.notConfigured), "google.service_key_file"),
        ("", TestServiceAccount.subject, .serviceKey(.notConfigured), "google.service_key_file"),
        ("key", nil, .missingCredentialSubject, "google.credential_subject"),
    ] as [(String?, String?, AuthServiceStartupError, String)])
    func prodRefusesUnset(keyFile: String?, subject: String?, expected: AuthServiceStartupError, key: String) async throws {
        let file = keyFile == "key" ? try TestServiceAccount.writeKeyFile() : keyFile
        #expect(await refusal(configuration(environment: .prod, keyFile: file, subject: subject)) == expected)
        #expect(expected.description.contains(key))
    }

    @Test("prod refuses an invalid key file")
    func prodRefusesInvalidFile() async throws {
        let path = try TestServiceAccount.writeFile(Array(#"{"type":"service_account"}"#.utf8))
        #expect(await refusal(configuration(environment: .prod, keyFile: path))
            == .serviceKey(.malformed(path: path, reason: "'client_email' is missing")))
    }

    @Test("prod refuses Google URLs that are not https")
    func prodRefusesPlainHTTP() async throws {
        var configuration = configuration(environment: .prod, keyFile: try TestServiceAccount.writeKeyFile())
        configuration.google.tokenURL = "http://oauth2.example.com/token"
        #expect(await refusal(configuration) == .invalidURL(key: "google.token_url", expected: "an https URL in prod"))
    }

    @Test("prod starts with a valid key file")
    func prodStartsWithKey() async throws {
        let service = try await start(configuration(environment: .prod, keyFile: try TestServiceAccount.writeKeyFile()))
        #expect(service.resolver.usesGoogleDirectory)
    }

    @Test("dev warns about a missing key file and runs without Google Directory")
    func devWarnsAndRuns() async throws {
        let logs = LogRecorder()
        let path = "/nonexistent/\(UUID().uuidString)/key.json"
        let service = try await start(configuration(environment: .dev, keyFile: path), logs: logs)
        #expect(!service.resolver.usesGoogleDirectory)
        let warnings = logs.texts(at: .warning)
        #expect(warnings.count == 1 && warnings.first?.contains(path) == true)
        let resolved = try await service.resolver.resolve(GroupRequest(user: "alice@example.com", claimedGroups: ["eng"]))
        #expect(resolved.groups == ["eng"] && resolved.directorySource == .notConfigured)
    }

    @Test("groups.static_groups is read from YAML as user-or-group to groups")
    func staticGroupsConfig() throws {
        let loaded = try ConfigLoader(environment: [:], workingDirectory: "/").load(yaml: """
            environment: dev
            groups:
              static_groups:
                alice@example.com: [oncall, break-glass]
                eng@example.com: [builders]
            """)
        #expect(loaded.configuration.groups.staticGroups == [
            "alice@example.com": ["oncall", "break-glass"], "eng@example.com": ["builders"],
        ])
        #expect(!loaded.warnings.contains { $0.contains("static_groups") }, "no unknown-key warning: \(loaded.warnings)")
        #expect(throws: ConfigError.invalidValue(key: "groups.static_groups.eng", expected: "a list of strings", found: "a string")) {
            try ConfigLoader(environment: [:], workingDirectory: "/").load(yaml: "groups: {static_groups: {eng: builders}}")
        }
    }
}
