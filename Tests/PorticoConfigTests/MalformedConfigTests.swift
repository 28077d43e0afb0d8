import PorticoConfig
import Testing

/// Every malformed configuration fails at load time with the key path and what was expected.
@Suite struct MalformedConfigTests {
    let loader = ConfigLoader(environment: [:], workingDirectory: "/nonexistent-portico-dir")

    /// A malformed document and the key its error must name.
    struct Case: CustomTestStringConvertible, Sendable {
        let yaml: String
        let key: String
        let expected: String
        var testDescription: String { key }
    }

    static let cases: [Case] = [
        Case(yaml: "redis: {port: abc}", key: "redis.port", expected: "an integer"),
        Case(yaml: "redis: {port: 70000}", key: "redis.port", expected: "from 1 to 65535"),
        Case(yaml: "redis: {db: -1}", key: "redis.db", expected: "from 0 to 15"),
        Case(yaml: "redis: localhost", key: "redis", expected: "a mapping"),
        Case(yaml: "environment: staging", key: "environment", expected: "one of dev, prod"),
        Case(yaml: "listen: {auth: nohost}", key: "listen.auth", expected: "host:port"),
        Case(yaml: "listen: {gateway: \"[::1]8080\"}", key: "listen.gateway", expected: "host:port"),
        Case(yaml: "services: {auth: [127.0.0.1:7101, bad]}", key: "services.auth[1]", expected: "host:port"),
        Case(yaml: "services: {auth: 127.0.0.1:7101}", key: "services.auth", expected: "a list of strings"),
        Case(yaml: "aws: {session_duration: 60}", key: "aws.session_duration", expected: "from 900 to 43200"),
        Case(yaml: "aws: {ip_restrictions: [10.0.0.0/8, [nested]]}", key: "aws.ip_restrictions[1]", expected: "a string"),
        Case(yaml: "aws: {ip_restrictions_on_requester_ip: maybe}", key: "aws.ip_restrictions_on_requester_ip", expected: "true or false"),
        Case(yaml: "aws: {ip_restrictions: [10.0.0.0/33]}", key: "aws.ip_restrictions[0]", expected: "a CIDR block"),
        Case(yaml: "aws: {ip_restrictions: [10.0.0.0/8, example.com]}", key: "aws.ip_restrictions[1]", expected: "a CIDR block"),
        Case(yaml: "accounts: [111111111111]", key: "accounts", expected: "a mapping"),
        Case(yaml: "auth: {alb: {signer_arns: arn:x}}", key: "auth.alb.signer_arns", expected: "a list of strings"),
        Case(yaml: "auth: {session: {expiration_minutes: 1.5}}", key: "auth.session.expiration_minutes", expected: "an integer"),
        Case(yaml: "rpc: {clients: {billing: {roles: 5}}}", key: "rpc.clients.billing.roles", expected: "a list of strings"),
        Case(yaml: "auth: {alb: {header: \"x-amzn oidc\"}}", key: "auth.alb.header", expected: "a header or cookie name"),
        Case(yaml: "auth: {session: {cookie_name: \"a;b\"}}", key: "auth.session.cookie_name", expected: "a header or cookie name"),
        Case(yaml: "rpc: {secret: [a, b]}", key: "rpc.secret", expected: "a string"),
        Case(yaml: "groups: {force_groups_lowercase: sometimes}", key: "groups.force_groups_lowercase", expected: "true or false"),
        Case(yaml: "dynamic_config: {group_mapping: {eng: {roles: r1}}}", key: "dynamic_config.group_mapping.eng.roles", expected: "a list of strings"),
        Case(yaml: "cache: {intervals: {iam: 0}}", key: "cache.intervals.iam", expected: "from 1 to 604800"),
        Case(yaml: "logging: {format: xml}", key: "logging.format", expected: "one of text, json"),
        Case(yaml: "extends: 42", key: "extends", expected: "a file path"),
        Case(yaml: "- just\n- a list", key: "(top level)", expected: "a mapping"),
    ]

    @Test(arguments: cases)
    func malformedValueNamesItsKey(_ malformed: Case) {
        #expect {
            try loader.load(yaml: malformed.yaml)
        } throws: { error in
            guard case let ConfigError.invalidValue(key, expected, _) = error else { return false }
            return key == malformed.key && expected.contains(malformed.expected)
                && String(describing: error).contains("'\(malformed.key)'")
        }
    }

    @Test func unparsableYAMLNamesTheSourceAndPosition() {
        #expect {
            try loader.load(yaml: "redis: {host: [unclosed\n", source: "broken.yaml")
        } throws: { error in
            guard case let ConfigError.unparsable(source, reason) = error else { return false }
            return source == "broken.yaml" && !reason.isEmpty
        }
    }

    @Test func duplicateKeyIsRefusedNamingItAndItsLine() {
        #expect {
            try loader.load(yaml: "redis:\n  port: 1\n  port: 2\n")
        } throws: { error in
            guard case let ConfigError.unparsable(_, reason) = error else { return false }
            return reason.contains("'port'") && reason.contains("line 2")
        }
    }

    @Test func wrongTypeErrorNeverEchoesTheValue() {
        #expect {
            try loader.load(yaml: "rpc: {secret: {nested: hunter2}}")
        } throws: { error in
            !String(describing: error).contains("hunter2")
        }
    }
}
