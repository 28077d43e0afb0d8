import PorticoConfig
import Testing

/// The credential service's keys under `aws:`: who may skip the IP restriction, and the audit stream.
@Suite struct CredentialConfigTests {
    let loader = ConfigLoader(environment: [:], workingDirectory: "/nonexistent-portico-dir")

    @Test func noIPRestrictionGroupsAndTheAuditStreamDefaultToNobodyAndTheStandardStream() throws {
        let aws = try loader.load(yaml: "environment: dev").configuration.aws
        #expect(aws.noIPRestrictionsGroups.isEmpty)
        #expect(aws.audit.stream == "portico:audit:credentials")
        #expect(aws.audit.maxLength == 100_000)
    }

    @Test func noIPRestrictionGroupsAndTheAuditStreamAreRead() throws {
        let loaded = try loader.load(yaml: """
            environment: dev
            aws:
              no_ip_restrictions_groups: [breakglass@example.com]
              audit: {stream: "audit:creds", max_length: 5000}
            """)
        #expect(!loaded.warnings.contains { $0.contains("unknown") })
        let aws = loaded.configuration.aws
        #expect(aws.noIPRestrictionsGroups == ["breakglass@example.com"])
        #expect(aws.audit.stream == "audit:creds" && aws.audit.maxLength == 5000)
    }

    @Test func aTinyAuditCapIsRefusedWithItsKey() {
        #expect {
            _ = try loader.load(yaml: "aws: {audit: {max_length: 10}}")
        } throws: { error in
            "\(error)".contains("aws.audit.max_length")
        }
    }
}
