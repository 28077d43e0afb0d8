import Foundation
import PorticoConfig
import PorticoCore
import Testing

/// Loading: defaults, the documented keys, the search order, `extends:` and the environment.
@Suite struct ConfigLoaderTests {
    let loader = ConfigLoader(environment: [:], workingDirectory: "/nonexistent-portico-dir")

    @Test func builtInDevelopmentExampleLoadsWithoutUnknownKeys() throws {
        let loaded = try loader.load()
        #expect(loaded.source == "built-in development example")
        #expect(!loaded.warnings.contains { $0.contains("unknown") })
        #expect(loaded.configuration.environment == .dev)
        #expect(loaded.configuration.listen.gateway.description == "127.0.0.1:8080")
    }

    @Test func designDocumentKeysAreReadIntoTypedValues() throws {
        let loaded = try loader.load(yaml: """
            environment: dev
            url: https://portico.example.com
            region: eu-west-1
            listen: {gateway: 0.0.0.0:8443, auth: "[::1]:7201"}
            services: {auth: [10.0.0.1:7101, 10.0.0.2:7101]}
            rpc: {secret: s3cret, clients: {billing-svc: {secret: b1, roles: ["arn:aws:iam::111111111111:role/billing"]}}}
            redis: {host: redis.internal, port: 6380, db: 3}
            dynamodb: {endpoint_url: http://127.0.0.1:5000, create_tables: true, tables: {policy_requests: reqs}}
            aws: {session_duration: 1800, ip_restrictions: [10.0.0.0/8, "2001:db8::/32"], ip_restrictions_on_requester_ip: true}
            policies: {role_name: HubSpoke}
            accounts: {111111111111: prod, "222222222222": staging}
            auth:
              alb: {signer_arns: ["arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/x/y"], groups_claim: roles}
              session: {secret: sess, cookie_name: c, expiration_minutes: 30}
              trusted_proxy_hops: 1
            groups: {can_admin_policies: [admins], can_delete_iam_principals: [reapers], can_delete_roles: [legacy], force_groups_lowercase: false}
            google: {enabled: true, credential_subject: admin@example.com}
            cloud_credential_authorization_mapping: {role_tags: {authorized_groups_tags: [a, b]}}
            dynamic_config: {group_mapping: {eng: {roles: [r1], cli_only_roles: [r2]}}}
            cache: {regions: [us-east-1, eu-west-1], intervals: {iam: 600}}
            """)
        let c = loaded.configuration
        #expect(loaded.warnings.isEmpty)
        #expect(c.url == "https://portico.example.com")
        #expect(c.listen.gateway == HostPort(host: "0.0.0.0", port: 8443))
        #expect(c.listen.auth == HostPort(host: "::1", port: 7201))
        #expect(c.services.auth.count == 2)
        // As written: the fallback to `listen.credentials` is the service host's (PorticoServiceName.replicas).
        #expect(c.services.credentials.isEmpty)
        #expect(c.rpc.secret?.exposed == "s3cret")
        #expect(c.rpc.clients["billing-svc"]?.roles == ["arn:aws:iam::111111111111:role/billing"])
        #expect(c.redis.port == 6380 && c.redis.db == 3)
        #expect(c.dynamodb.policyRequestsTable == "reqs" && c.dynamodb.iamRolesTable == "consoleme_iamroles_global")
        #expect(c.aws.ipRestrictions.map(\.description) == ["10.0.0.0/8", "2001:db8::/32"])
        #expect(c.accounts == ["111111111111": "prod", "222222222222": "staging"])
        #expect(c.auth.alb.groupsClaim == "roles" && c.auth.trustedProxyHops == 1)
        #expect(c.groups.forceGroupsLowercase == false)
        // ConsoleMe's legacy `can_delete_roles` counts for `can_delete_iam_principals`.
        #expect(c.groups.canDeleteIAMPrincipals == ["reapers", "legacy"])
        #expect(c.cloudCredentialAuthorizationMapping.authorizedGroupsTags == ["a", "b"])
        #expect(c.cloudCredentialAuthorizationMapping.authorizedGroupsCLIOnlyTags == ["consoleme-authorized-cli-only"])
        #expect(c.dynamicConfig.groupMapping["eng"] == .init(roles: ["r1"], cliOnlyRoles: ["r2"]))
        #expect(c.cache.intervals["iam"] == 600 && c.cache.intervals["s3"] == 2700)
    }

    @Test func unknownKeysAreWarnedAboutByTheirPath() throws {
        let loaded = try loader.load(yaml: """
            environment: dev
            regoin: us-east-1
            redis: {host: localhost, prot: 6379}
            auth: {alb: {signer_arn: x}}
            """)
        let unknown = loaded.warnings.filter { $0.contains("unknown") }
        #expect(unknown.count == 3)
        #expect(unknown.contains { $0.contains("'regoin'") })
        #expect(unknown.contains { $0.contains("'redis.prot'") })
        #expect(unknown.contains { $0.contains("'auth.alb.signer_arn'") })
    }

    @Test func environmentVariablesOverrideSecrets() throws {
        let loader = ConfigLoader(
            environment: ["PORTICO_RPC_SECRET": "from-env", "PORTICO_SESSION_SECRET": "session-env",
                          "PORTICO_RPC_CLIENT_BILLING_SVC_SECRET": "client-env"],
            workingDirectory: "/nonexistent-portico-dir")
        let c = try loader.load(yaml: "environment: dev\nrpc: {secret: from-file, clients: {billing-svc: {roles: []}}}").configuration
        #expect(c.rpc.secret?.exposed == "from-env")
        #expect(c.auth.session.secret?.exposed == "session-env")
        #expect(c.rpc.clients["billing-svc"]?.secret?.exposed == "client-env")
    }

    @Test func extendsLaysAFileOverTheFileItNames() throws {
        let directory = try TemporaryDirectory()
        try directory.write("base.yaml", "environment: dev\nregion: eu-west-1\nredis: {host: base-host, port: 7000}\n")
        try directory.write("portico.yaml", "extends: base.yaml\nredis: {port: 7001}\n")
        let loaded = try ConfigLoader(environment: [:], workingDirectory: directory.path).load()
        #expect(loaded.source == directory.path + "/portico.yaml")
        #expect(loaded.configuration.region == "eu-west-1")
        #expect(loaded.configuration.redis.host == "base-host")
        #expect(loaded.configuration.redis.port == 7001)
        #expect(!loaded.warnings.contains { $0.contains("unknown") })
    }

    @Test func extendsCycleIsRefusedNamingTheChain() throws {
        let directory = try TemporaryDirectory()
        try directory.write("a.yaml", "extends: b.yaml\n")
        try directory.write("b.yaml", "extends: a.yaml\n")
        #expect {
            try ConfigLoader(environment: [:], workingDirectory: directory.path).load(explicitPath: "a.yaml")
        } throws: { error in
            guard case let ConfigError.extendsCycle(chain) = error else { return false }
            return chain.first?.hasSuffix("a.yaml") == true && chain.count == 3
        }
    }

    @Test func configLocationIsPreferredToTheWorkingDirectory() throws {
        let directory = try TemporaryDirectory()
        try directory.write("portico.yaml", "environment: dev\nregion: from-working-directory\n")
        try directory.write("elsewhere.yaml", "environment: dev\nregion: from-config-location\n")
        let loader = ConfigLoader(
            environment: ["CONFIG_LOCATION": directory.path + "/elsewhere.yaml"], workingDirectory: directory.path)
        #expect(try loader.load().configuration.region == "from-config-location")
        let plain = ConfigLoader(environment: [:], workingDirectory: directory.path)
        #expect(try plain.load().configuration.region == "from-working-directory")
        #expect(try plain.load(explicitPath: "elsewhere.yaml").configuration.region == "from-config-location")
    }

    @Test func missingExplicitFileIsAnErrorNotAFallback() throws {
        #expect {
            try loader.load(explicitPath: "/nonexistent-portico-dir/portico.yaml")
        } throws: { error in
            guard case let ConfigError.unreadable(path, _) = error else { return false }
            return path == "/nonexistent-portico-dir/portico.yaml"
        }
    }
}

/// A scratch directory removed when the test ends.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("portico-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
