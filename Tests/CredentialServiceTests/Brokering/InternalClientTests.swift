import CredentialService
import Foundation
import PorticoConfig
import PorticoCore
import Testing

extension BrokerIntegrationTests {
    /// Internal services (`rpc.clients`) asking for themselves: only their configured roles.
    @Suite struct InternalClients {
        @Test func aClientGetsItsConfiguredRoleUnderItsOwnName() async throws {
            let bench = try BrokerBench()
            let client = Principal.internalClient("billing-svc", sourceAddress: IPAddress("10.20.0.5"))
            let issued = try await bench.broker.issue(for: client, requestedRole: Roles.billingReports, requestID: "rpc-1")

            #expect(issued.sessionName == "billing-svc")
            let identity = try await bench.stack.identity(of: issued)
            #expect(identity.arn == "arn:aws:sts::\(SignedMoto.prod):assumed-role/billing-reports/billing-svc")
            let sent = try #require(bench.sentAssumeRoles(for: client).last)
            #expect(sent["SourceIdentity"] == "billing-svc")
            let event = try #require(try await bench.auditEntries().first)
            #expect(event["client"] == "billing-svc" && event["outcome"] == "issued")
        }

        @Test func aClientIsRefusedEveryOtherRoleEvenByExactARN() async throws {
            let bench = try BrokerBench()
            let client = Principal.internalClient("billing-svc", sourceAddress: IPAddress("10.20.0.5"))
            for requested in [Roles.prodAdmin, "billing", "billing-reports"] {
                await #expect(throws: CredentialBrokerError.roleNotAllowedForClient(client: "billing-svc", role: requested)) {
                    _ = try await bench.broker.issue(for: client, requestedRole: requested, requestID: "rpc-2")
                }
            }
            let events = try await bench.auditEntries()
            #expect(events.count == 3)
            #expect(events.allSatisfy { $0["outcome"] == "refused" && $0["reason"] == "role_not_allowed_for_client" })
        }

        @Test func anUnconfiguredClientIsRefused() async throws {
            let bench = try BrokerBench()
            let stranger = Principal.internalClient("stranger-svc", sourceAddress: IPAddress("10.20.0.6"))
            await #expect(throws: CredentialBrokerError.unknownClient("stranger-svc")) {
                _ = try await bench.broker.issue(for: stranger, requestedRole: Roles.billingReports, requestID: "rpc-3")
            }
            #expect(bench.sentAssumeRoles(for: stranger).isEmpty)
        }

        @Test func aClientWithoutAKnownAddressIsHeldToTheConfiguredNetworks() async throws {
            let bench = try BrokerBench()
            let client = Principal.internalClient("billing-svc", sourceAddress: nil)
            let issued = try await bench.broker.issue(for: client, requestedRole: Roles.billingReports, requestID: "rpc-4")
            let policy = try await bench.stack.moto.recordedSessionPolicy(accessKeyID: issued.accessKeyID, http: bench.stack.http)
            #expect(try IPRestriction.allowedSources(policy) == ["10.0.0.0/8", "2001:db8::/32"])

            let unrestricted = try BrokerBench { $0.aws.ipRestrictions = [] }
            await #expect {
                _ = try await unrestricted.broker.issue(for: client, requestedRole: Roles.billingReports, requestID: "rpc-5")
            } throws: { error in
                guard case .invalidRequest = error as? CredentialBrokerError else { return false }
                return true
            }
        }
    }
}
