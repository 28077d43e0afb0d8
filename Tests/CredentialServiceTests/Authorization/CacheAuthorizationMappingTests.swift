import CredentialService
import Foundation
import Logging
import PorticoAWS
import PorticoConfig
import PorticoCore
import PorticoTestSupport
import Proto
import Testing

extension BrokerIntegrationTests {
    /// Eligible roles, role maximums and account names read from the real cache over RPC, after
    /// it swept moto's role tags.
    @Suite struct CacheMapping {
        static let quiet = Logger(label: "portico.tests.mapping") { _ in SwiftLogNoOpLogHandler() }

        /// A mapping whose cache is a loopback port nobody listens on (`closed`, kept for the test).
        static func unreachableMapping(
            _ closed: ClosedPort, configuredAccountNames: [String: String] = [:]
        ) throws -> CacheAuthorizationMapping {
            let client = try SweptCache.client(endpoints: [HostPort(host: "127.0.0.1", port: closed.port)], logger: quiet)
            return CacheAuthorizationMapping(
                cache: CacheClient(rpc: client), configuration: .init(configuredAccountNames: configuredAccountNames), logger: quiet)
        }

        @Test func eligibleRolesAreTheTaggedRolesOfTheUserAndTheirGroupsWithCLIOnlyMarked() async throws {
            let mapping = try #require(BrokerStack.current).eligibleRoles
            let engineer = try await mapping.eligibleRoles(user: "someone@example.com", groups: ["Engineering"])
            #expect(engineer == [
                EligibleRole(arn: Roles.prodAdmin, cliOnly: false), EligibleRole(arn: Roles.prodReadOnly, cliOnly: false),
                EligibleRole(arn: Roles.stagingAdmin, cliOnly: false), EligibleRole(arn: Roles.stagingPipeline, cliOnly: true),
            ].sorted { $0.arn < $1.arn })
            // `engineering:oncall` on the prod admin role names two groups.
            #expect(try await mapping.eligibleRoles(user: "pager@example.com", groups: ["oncall"]) == [
                EligibleRole(arn: Roles.prodAdmin, cliOnly: false),
            ])
            #expect(try await mapping.eligibleRoles(user: "bob@example.com", groups: ["sales"]).isEmpty)
        }

        @Test func aRoleMaximumSessionComesFromTheCacheAndAnUncachedRoleHasNone() async throws {
            let mapping = try #require(BrokerStack.current).eligibleRoles
            #expect(try await mapping.maxSessionDuration(roleARN: Roles.prodReadOnly) == 3600)
            #expect(try await mapping.maxSessionDuration(roleARN: Roles.stagingAdmin) == 43_200)
            #expect(try await mapping.maxSessionDuration(roleARN: "arn:aws:iam::\(SignedMoto.prod):role/never-created") == nil)
        }

        @Test func accountNamesComeFromTheCacheCompletedByTheConfiguredOnes() async throws {
            let stack = try #require(BrokerStack.current)
            let mapping = CacheAuthorizationMapping(
                cache: CacheClient(rpc: stack.cache.client),
                configuration: .init(configuredAccountNames: [SignedMoto.prod: "configured-prod", "333333333333": "sandbox"]),
                logger: Self.quiet)
            #expect(await mapping.accountNames() == [
                SignedMoto.prod: "prod", SignedMoto.staging: "staging", "333333333333": "sandbox",
            ])
        }

        @Test func whileTheCacheIsDownAccountNamesAreTheConfiguredOnes() async throws {
            let closed = try ClosedPort()
            defer { closed.close() }
            let mapping = try Self.unreachableMapping(closed, configuredAccountNames: [SignedMoto.prod: "prod"])
            defer { Task { await mapping.cache.rpc.close() } }
            #expect(await mapping.accountNames() == [SignedMoto.prod: "prod"])
        }

        @Test func aTagChangeCountsForTheVeryNextRequest() async throws {
            let stack = try #require(BrokerStack.current)
            let bench = try BrokerBench()
            let group = "newcomers-\(UUID().uuidString.prefix(8).lowercased())"
            let newcomer = Principal(user: "\(group)@example.com", groups: [group], sourceAddress: IPAddress("10.3.3.3"))
            await #expect(throws: CredentialBrokerError.noMatchingRole) {
                _ = try await bench.broker.issue(for: newcomer, requestedRole: "billing-reports", requestID: "tag-1")
            }

            guard let billing = RoleARN(Roles.billingReports) else { throw TestServerError.notReady("role ARN", seconds: 0) }
            try await stack.moto.iam(inAccount: billing.accountID, http: stack.http, logger: stack.logger)
                .tagRole(name: billing.name, tags: [AWSTag(key: "consoleme-authorized", value: group)])
            try await stack.cache.refresh(roleARN: Roles.billingReports)

            let issued = try await bench.broker.issue(for: newcomer, requestedRole: "billing-reports", requestID: "tag-2")
            #expect(issued.roleARN == Roles.billingReports)
            #expect(try await stack.identity(of: issued).arn.hasSuffix("assumed-role/billing-reports/\(newcomer.user)"))
            // Its maximum (7200) came from the cache too: the configured 7200 is not capped to IAM's default hour.
            #expect(issued.durationSeconds == 7200)
        }

        @Test func aCacheOutageFailsTheRequestAsUnavailableAndPutsTheFailureOnRecord() async throws {
            let closed = try ClosedPort()
            defer { closed.close() }
            let mapping = try Self.unreachableMapping(closed)
            defer { Task { await mapping.cache.rpc.close() } }
            let bench = try BrokerBench(eligibleRoles: mapping)
            let alice = BrokerBench.engineer()
            await #expect {
                _ = try await bench.broker.issue(for: alice, requestedRole: Roles.prodAdmin, requestID: "outage-1")
            } throws: { error in
                guard case .eligibleRolesUnavailable(let why) = error as? CredentialBrokerError else { return false }
                return why.contains("UNAVAILABLE")
            }
            let event = try #require(try await bench.auditEntries().first)
            #expect(event["outcome"] == "failed" && event["reason"] == "eligible_roles_unavailable")
            #expect(event["user"] == alice.user && event["requested_role"] == Roles.prodAdmin)
            #expect(bench.sentAssumeRoles(for: alice).isEmpty)

            // Over the credential RPC, the gateway sees UNAVAILABLE.
            await #expect {
                _ = try await RPCHandlers.handlers(bench).getCredentials(
                    GetCredentialsRequest(
                        principal: Proto.Principal(user: alice.user, groups: alice.groups), sourceIP: "10.0.0.1",
                        requestedRole: Roles.prodAdmin),
                    caller: .service("gateway"), requestID: "outage-2")
            } throws: { error in
                (error as? RPCError)?.code == .unavailable
            }
        }

        @Test func aPrincipalTheCacheRefusesIsAnInvalidRequestNotAnOutage() async throws {
            let bench = try BrokerBench()
            let crowded = Principal(
                user: "crowded@example.com", groups: (0..<2500).map { "group-\($0)" }, sourceAddress: IPAddress("10.4.4.4"))
            await #expect {
                _ = try await bench.broker.issue(for: crowded, requestedRole: Roles.prodAdmin, requestID: "crowded-1")
            } throws: { error in
                guard case .invalidRequest(let why) = error as? CredentialBrokerError else { return false }
                return why.contains("2000") && (error as? CredentialBrokerError)?.consoleMeCode == "904"
            }
            let event = try #require(try await bench.auditEntries().first)
            #expect(event["outcome"] == "refused" && event["reason"] == "invalid_request")
        }
    }
}
