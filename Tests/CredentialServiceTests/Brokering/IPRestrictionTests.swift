import CredentialService
import Foundation
import PorticoConfig
import PorticoCrypto
import Testing

extension BrokerIntegrationTests {
    /// The session policy that pins issued credentials to networks, as sent to STS.
    @Suite struct IPRestriction {
        /// The `aws:SourceIp` list of the deny statement of a policy document.
        static func allowedSources(_ document: String?) throws -> [String] {
            let document = try #require(document)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
            let deny = try #require((json["Statement"] as? [[String: Any]])?.first { $0["Effect"] as? String == "Deny" })
            let condition = try #require(deny["Condition"] as? [String: [String: Any]])
            #expect(condition["Bool"]?["aws:ViaAWSService"] as? String == "false")
            return try #require(condition["NotIpAddress"]?["aws:SourceIp"] as? [String])
        }

        @Test func thePolicySentToSTSCarriesTheConfiguredNetworksAndTheRequesterAddress() async throws {
            let bench = try BrokerBench()
            let alice = BrokerBench.engineer(from: "203.0.113.77")
            let issued = try await bench.broker.issue(for: alice, requestedRole: Roles.prodAdmin, requestID: "req-ip-1")

            let sent = try #require(bench.sentAssumeRoles(for: alice).first?["Policy"])
            #expect(try Self.allowedSources(sent) == ["10.0.0.0/8", "2001:db8::/32", "203.0.113.77/32"])
            // Moto kept the same document for the session the keys belong to.
            #expect(try await bench.stack.moto.recordedSessionPolicy(accessKeyID: issued.accessKeyID, http: bench.stack.http) == sent)
            // The audit event identifies the policy by its hash.
            let event = try #require(try await bench.auditEntries().first)
            #expect(event["session_policy_sha256"] == Hex.encode(SHA256.hash(sent)))
        }

        @Test func anIPv6RequesterIsAddedAsOneAddress() async throws {
            let bench = try BrokerBench()
            let alice = BrokerBench.engineer(from: "2001:db8:ffff::9")
            _ = try await bench.broker.issue(for: alice, requestedRole: Roles.prodAdmin, requestID: "req-ip-2")
            let sent = bench.sentAssumeRoles(for: alice).first?["Policy"]
            #expect(try Self.allowedSources(sent) == ["10.0.0.0/8", "2001:db8::/32", "2001:db8:ffff::9/128"])
        }

        @Test func withoutRequesterRestrictionOnlyTheConfiguredNetworksAreSent() async throws {
            let bench = try BrokerBench { $0.aws.ipRestrictionsOnRequesterIP = false }
            let alice = BrokerBench.engineer(from: "203.0.113.78")
            _ = try await bench.broker.issue(for: alice, requestedRole: Roles.prodAdmin, requestID: "req-ip-3")
            #expect(try Self.allowedSources(bench.sentAssumeRoles(for: alice).first?["Policy"]) == ["10.0.0.0/8", "2001:db8::/32"])
        }

        @Test func anUnknownRequesterAddressIsRefusedWhenItWouldBeInThePolicy() async throws {
            let bench = try BrokerBench()
            let alice = BrokerBench.engineer(from: nil)
            await #expect {
                _ = try await bench.broker.issue(for: alice, requestedRole: Roles.prodAdmin, requestID: "req-ip-4")
            } throws: { error in
                guard case .invalidRequest(let why) = error as? CredentialBrokerError else { return false }
                return why.contains("ip_restrictions_on_requester_ip")
            }
            #expect(bench.sentAssumeRoles(for: alice).isEmpty)
        }

        @Test func noIPRestrictionsIsRefusedOutsideTheAllowedGroups() async throws {
            let bench = try BrokerBench()
            let alice = BrokerBench.engineer()
            await #expect(throws: CredentialBrokerError.ipRestrictionsRequired) {
                _ = try await bench.broker.issue(
                    for: alice, requestedRole: Roles.prodAdmin, noIPRestrictions: true, requestID: "req-ip-5")
            }
            #expect(bench.sentAssumeRoles(for: alice).isEmpty)
            let event = try #require(try await bench.auditEntries().first)
            #expect(event["outcome"] == "refused" && event["reason"] == "ip_restrictions_required")
            #expect(event["no_ip_restrictions"] == "true")
        }

        @Test func noIPRestrictionsIsHonouredForAnAllowedGroupAndSendsNoPolicy() async throws {
            let bench = try BrokerBench()
            // Configured as `BreakGlass`: groups compare without regard to case.
            let carol = BrokerBench.engineer(extraGroups: ["breakglass"])
            let issued = try await bench.broker.issue(
                for: carol, requestedRole: Roles.prodAdmin, noIPRestrictions: true, requestID: "req-ip-6")
            let sent = try #require(bench.sentAssumeRoles(for: carol).first)
            #expect(sent["Policy"] == nil)
            #expect(try await bench.stack.moto.recordedSessionPolicy(accessKeyID: issued.accessKeyID, http: bench.stack.http) == nil)
            let event = try #require(try await bench.auditEntries().first)
            #expect(event["outcome"] == "issued" && event["session_policy_sha256"] == nil)
        }
    }
}
