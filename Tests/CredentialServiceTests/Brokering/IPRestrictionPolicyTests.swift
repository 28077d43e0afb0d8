import CredentialService
import Foundation
import PorticoConfig
import PorticoCore
import Testing

/// The session policy that pins credentials to allowed networks.
@Suite struct IPRestrictionPolicyTests {
    func blocks(_ texts: String...) throws -> [CIDRBlock] { try texts.map { try #require(CIDRBlock($0)) } }

    @Test func documentDeniesOutsideConfiguredAndRequesterNetworksExceptViaAWSServices() throws {
        let policy = try #require(IPRestrictionPolicy(
            configured: try blocks("10.0.0.0/8", "2001:db8::/32"), requesterAddress: IPAddress("203.0.113.9")))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(policy.document.utf8)) as? [String: Any])
        let statements = try #require(json["Statement"] as? [[String: Any]])
        #expect(statements.count == 2)
        #expect(statements[0]["Effect"] as? String == "Allow")
        let deny = statements[1]
        #expect(deny["Effect"] as? String == "Deny" && deny["Action"] as? String == "*")
        let condition = try #require(deny["Condition"] as? [String: [String: Any]])
        #expect(condition["NotIpAddress"]?["aws:SourceIp"] as? [String] == ["10.0.0.0/8", "2001:db8::/32", "203.0.113.9/32"])
        #expect(condition["Bool"]?["aws:ViaAWSService"] as? String == "false")
    }

    @Test func anIPv6RequesterIsAddedAsASingleAddress() throws {
        let policy = try #require(IPRestrictionPolicy(configured: [], requesterAddress: IPAddress("2001:db8::42")))
        #expect(policy.allowedNetworks.map(\.description) == ["2001:db8::42/128"])
    }

    @Test func noNetworksMeansNoPolicy() {
        #expect(IPRestrictionPolicy(configured: [], requesterAddress: nil) == nil)
    }

    @Test func theDocumentIsStableForTheSameInputs() throws {
        let a = try #require(IPRestrictionPolicy(configured: try blocks("10.0.0.0/8"), requesterAddress: nil))
        let b = try #require(IPRestrictionPolicy(configured: try blocks("10.0.0.0/8"), requesterAddress: nil))
        #expect(a.document == b.document)
    }
}
