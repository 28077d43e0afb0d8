import PorticoConfig
import Testing

/// `auth.dev_users` and the development sign-in's settings in the built-in example.
@Suite struct DevUsersConfigTests {
    let loader = ConfigLoader(environment: [:], workingDirectory: "/nonexistent-portico-dir")

    @Test func theBuiltInExamplePointsTheALBAtTheDevelopmentSignIn() throws {
        let auth = try loader.load().configuration.auth
        #expect(auth.alb.publicKeyURL == "http://127.0.0.1:8080/noauth/dev/alb-keys/{kid}")
        #expect(auth.alb.signerARNs == [PorticoConfiguration.Auth.ALB.developmentSignerARN])
        #expect(auth.devUsers.map(\.email) == ["alice@example.com", "admin@example.com"])
        #expect(auth.devUsers.map(\.groups) == [["engineering@example.com"], ["portico-admins@example.com"]])
    }

    @Test func devUsersAreReadWithoutUnknownKeyWarnings() throws {
        let loaded = try loader.load(yaml: """
            environment: dev
            auth:
              dev_users:
                - {email: carol@example.com, groups: [qa@example.com, eng@example.com]}
                - email: dave@example.com
            """)
        #expect(loaded.configuration.auth.devUsers == [
            .init(email: "carol@example.com", groups: ["qa@example.com", "eng@example.com"]),
            .init(email: "dave@example.com", groups: []),
        ])
        #expect(!loaded.warnings.contains { $0.contains("unknown") })
    }

    @Test func absentDevUsersMeanTheDefaults() throws {
        #expect(try loader.load(yaml: "environment: dev").configuration.auth.devUsers == PorticoConfiguration.Auth.DevUser.defaults)
    }

    @Test func aDevUserWithoutEmailOrNotAMappingNamesTheKey() throws {
        #expect(throws: ConfigError.invalidValue(key: "auth.dev_users[0].email", expected: "a non-empty email address", found: "nothing")) {
            try loader.load(yaml: "auth: {dev_users: [{groups: [a]}]}")
        }
        #expect(throws: ConfigError.invalidValue(key: "auth.dev_users[1]", expected: "a mapping", found: "a string")) {
            try loader.load(yaml: "auth: {dev_users: [{email: a@example.com}, b@example.com]}")
        }
    }
}
