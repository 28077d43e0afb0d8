@testable import CredentialService
import PorticoConfig
import PorticoCore
import Testing

/// What the broker takes from the configuration, and the session-length rule.
@Suite struct CredentialBrokerConfigurationTests {
    @Test func theBrokerReadsItsKeysFromThePorticoConfiguration() throws {
        var portico = PorticoConfiguration.defaults
        portico.aws.sessionDuration = 1800
        portico.aws.ipRestrictions = [try #require(CIDRBlock("10.0.0.0/8"))]
        portico.aws.ipRestrictionsOnRequesterIP = true
        portico.aws.noIPRestrictionsGroups = ["breakglass"]
        portico.rpc.clients = ["billing-svc": .init(secret: nil, roles: ["arn:aws:iam::111111111111:role/billing"])]
        let configuration = CredentialBroker.Configuration(portico)
        #expect(configuration.sessionDuration == 1800)
        #expect(configuration.ipRestrictions.map(\.description) == ["10.0.0.0/8"])
        #expect(configuration.ipRestrictionsOnRequesterIP)
        #expect(configuration.noIPRestrictionsGroups == ["breakglass"])
        #expect(configuration.clientRoles == ["billing-svc": ["arn:aws:iam::111111111111:role/billing"]])
    }

    @Test(arguments: [
        (configured: 7200, roleMaximum: Int?.some(43_200), expected: 7200),
        (configured: 7200, roleMaximum: 3600, expected: 3600),
        (configured: 43_200, roleMaximum: 43_200, expected: 43_200),
        (configured: 7200, roleMaximum: nil, expected: 3600),
        (configured: 1800, roleMaximum: nil, expected: 1800),
        (configured: 3600, roleMaximum: 600, expected: 900),
    ])
    func theSessionLastsTheConfiguredTimeCappedByTheRoleWithinSTSBounds(
        configured: Int, roleMaximum: Int?, expected: Int
    ) {
        let configuration = CredentialBroker.Configuration(sessionDuration: configured)
        #expect(configuration.duration(roleMaximum: roleMaximum) == expected)
    }

    @Test func onlyListedGroupsMaySkipIPRestrictionsComparedWithoutCase() {
        let configuration = CredentialBroker.Configuration(noIPRestrictionsGroups: ["BreakGlass@example.com"])
        #expect(configuration.allowsUnrestricted(groups: ["eng", "breakglass@EXAMPLE.com"]))
        #expect(!configuration.allowsUnrestricted(groups: ["eng"]))
        #expect(!CredentialBroker.Configuration.defaults.allowsUnrestricted(groups: ["breakglass@example.com"]))
    }
}
