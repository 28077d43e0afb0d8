import CredentialService
import Foundation
import PorticoConfig
import PorticoCore
import PorticoCrypto
import Testing

extension BrokerIntegrationTests {
    /// People asking for credentials: matching, STS AssumeRole with the hub's credentials, names,
    /// durations — against moto with signature checking.
    @Suite struct Issuing {
        @Test func anEligibleEngineerGetsCredentialsThatActAsTheAssumedRole() async throws {
            let bench = try BrokerBench()
            let alice = BrokerBench.engineer()
            let issued = try await bench.broker.issue(for: alice, requestedRole: Roles.prodAdmin, requestID: "req-1")

            let identity = try await bench.stack.identity(of: issued)
            #expect(identity.account == SignedMoto.prod)
            #expect(identity.arn == "arn:aws:sts::\(SignedMoto.prod):assumed-role/engineering-admin/\(alice.user)")
            #expect(issued.roleARN == Roles.prodAdmin && issued.sessionName == alice.user)
            #expect(issued.expiration > Int(Date().timeIntervalSince1970))

            let sent = try #require(bench.sentAssumeRoles(for: alice).first)
            #expect(sent["RoleArn"] == Roles.prodAdmin)
            #expect(sent["RoleSessionName"] == alice.user)
            #expect(sent["SourceIdentity"] == alice.user)
        }

        @Test func anExactARNMatchesWhateverItsCase() async throws {
            let bench = try BrokerBench()
            let issued = try await bench.broker.issue(
                for: BrokerBench.engineer(), requestedRole: "  " + Roles.prodReadOnly.uppercased() + " ", requestID: "req-case")
            #expect(issued.roleARN == Roles.prodReadOnly)
        }

        @Test func aUserWithoutThatRoleGetsNoMatchAndNothingIsAssumed() async throws {
            let bench = try BrokerBench()
            let bob = Principal(user: "bob.\(UUID().uuidString.prefix(6))@example.com", groups: ["sales"], sourceAddress: IPAddress("10.9.9.9"))
            await #expect(throws: CredentialBrokerError.noMatchingRole) {
                _ = try await bench.broker.issue(for: bob, requestedRole: Roles.prodAdmin, requestID: "req-bob")
            }
            #expect(CredentialBrokerError.noMatchingRole.consoleMeCode == "900")
            #expect(bench.sentAssumeRoles(for: bob).isEmpty)
        }

        @Test func aFragmentMatchingTwoRolesIsAmbiguousAndListsBoth() async throws {
            let bench = try BrokerBench()
            let alice = BrokerBench.engineer()
            await #expect(throws: CredentialBrokerError.ambiguousRole(matches: [Roles.prodAdmin, Roles.stagingAdmin])) {
                _ = try await bench.broker.issue(for: alice, requestedRole: "engineering-admin", requestID: "req-2")
            }
            #expect(bench.sentAssumeRoles(for: alice).isEmpty)
        }

        @Test func anAccountNamePicksTheRoleThereAndConsoleCallersNeverSeeCLIOnlyRoles() async throws {
            let bench = try BrokerBench()
            let alice = BrokerBench.engineer()
            // `staging` names the staging account: its admin role and its CLI-only pipeline role.
            await #expect(throws: CredentialBrokerError.ambiguousRole(matches: [Roles.stagingPipeline, Roles.stagingAdmin])) {
                _ = try await bench.broker.issue(for: alice, requestedRole: "staging", requestID: "req-3")
            }
            let console = try await bench.broker.issue(
                for: alice, requestedRole: "staging", consoleOnly: true, requestID: "req-4")
            #expect(console.roleARN == Roles.stagingAdmin)
        }

        @Test func aCLIOnlyRoleIsRefusedForTheConsoleAndIssuedForTheCLI() async throws {
            let bench = try BrokerBench()
            let alice = BrokerBench.engineer()
            await #expect(throws: CredentialBrokerError.noMatchingRole) {
                _ = try await bench.broker.issue(
                    for: alice, requestedRole: Roles.stagingPipeline, consoleOnly: true, requestID: "req-5")
            }
            #expect(bench.sentAssumeRoles(for: alice).isEmpty)
            let refusal = try #require(try await bench.auditEntries().first)
            #expect(refusal["reason"] == "no_matching_role")
            #expect(refusal["detail"]?.contains("CLI only") == true)

            let cli = try await bench.broker.issue(for: alice, requestedRole: Roles.stagingPipeline, requestID: "req-6")
            #expect(try await bench.stack.identity(of: cli).arn.contains("assumed-role/data-pipeline/"))
        }

        @Test func theSessionLastsTheConfiguredDurationCappedByTheRoleMaximum() async throws {
            let bench = try BrokerBench()
            let alice = BrokerBench.engineer()
            let before = Int(Date().timeIntervalSince1970)
            let long = try await bench.broker.issue(for: alice, requestedRole: Roles.prodAdmin, requestID: "req-7")
            let capped = try await bench.broker.issue(for: alice, requestedRole: Roles.prodReadOnly, requestID: "req-8")
            let after = Int(Date().timeIntervalSince1970)

            #expect(long.durationSeconds == 7200)       // aws.session_duration; the role allows 43200
            #expect(capped.durationSeconds == 3600)     // the role's MaxSessionDuration
            let sent = bench.sentAssumeRoles(for: alice).map { $0["DurationSeconds"] }
            #expect(sent == ["7200", "3600"])
            // STS's expiry follows what was asked (moto's clock, so within the call's time span).
            #expect((before + 7200 - 1...after + 7200 + 1).contains(long.expiration))
            #expect((before + 3600 - 1...after + 3600 + 1).contains(capped.expiration))
        }

        @Test func aRoleWithUnknownMaximumGetsIAMsDefaultHour() async throws {
            /// The cache's mapping, except that no role's maximum session is known.
            struct UnknownMaximums: EligibleRoleSource {
                let mapping: CacheAuthorizationMapping
                func eligibleRoles(user: String, groups: [String]) async throws -> [EligibleRole] {
                    try await mapping.eligibleRoles(user: user, groups: groups)
                }
                func maxSessionDuration(roleARN: String) async throws -> Int? { nil }
                func accountNames() async -> [String: String] { await mapping.accountNames() }
            }
            let stack = try #require(BrokerStack.current)
            let bench = try BrokerBench(eligibleRoles: UnknownMaximums(mapping: stack.eligibleRoles))
            let issued = try await bench.broker.issue(
                for: BrokerBench.engineer(), requestedRole: Roles.prodAdmin, requestID: "req-9")
            #expect(issued.durationSeconds == 3600)
        }

        @Test func malformedRequestsAreRefusedBeforeAnyLookup() async throws {
            let bench = try BrokerBench()
            let alice = BrokerBench.engineer()
            for (role, requestID) in [
                ("   ", "req-10"), ("engineering\nadmin", "req-11"), (String(repeating: "a", count: 3000), "req-12"),
                (Roles.prodAdmin, ""), (Roles.prodAdmin, "id\u{7f}"),
            ] {
                await #expect {
                    _ = try await bench.broker.issue(for: alice, requestedRole: role, requestID: requestID)
                } throws: { error in
                    guard case .invalidRequest = error as? CredentialBrokerError else { return false }
                    return (error as? CredentialBrokerError)?.consoleMeCode == "904"
                }
            }
            #expect(bench.sentAssumeRoles(for: alice).isEmpty)
        }

        @Test func motoChecksTheHubSignatureAndARefusedAssumeRoleIsAFailureOnRecord() async throws {
            let bench = try BrokerBench(hubSecret: "not-the-hub-secret")
            await #expect {
                _ = try await bench.broker.issue(for: BrokerBench.engineer(), requestedRole: Roles.prodAdmin, requestID: "req-14")
            } throws: { error in
                guard case .stsFailed(let code, _) = error as? CredentialBrokerError else { return false }
                return code == "SignatureDoesNotMatch"
            }
            let event = try #require(try await bench.auditEntries().first)
            #expect(event["outcome"] == "failed" && event["reason"] == "sts_failed" && event["role"] == Roles.prodAdmin)
        }
    }
}
