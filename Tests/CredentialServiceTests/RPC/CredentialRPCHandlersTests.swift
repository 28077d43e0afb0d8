import CredentialService
import Foundation
import PorticoConfig
import Proto
import Testing

extension BrokerIntegrationTests {
    /// The RPC methods over the broker: who the caller may speak for, refusals as replies,
    /// failures as RPC errors — and the replies survive the wire encoding.
    @Suite struct RPCHandlers {
        static func handlers(_ bench: BrokerBench, federationURL: String = "http://127.0.0.1:9/federation") -> CredentialRPCHandlers {
            var configuration = bench.configuration
            configuration.aws.federationURL = federationURL
            return CredentialRPCHandlers(
                broker: bench.broker,
                signIn: ConsoleSignIn(
                    configuration: ConsoleSignIn.Configuration(configuration), broker: bench.broker, http: bench.stack.http))
        }

        static func person(_ principal: CredentialService.Principal) -> Proto.Principal {
            Proto.Principal(user: principal.user, groups: principal.groups)
        }

        @Test func theGatewayGetsCredentialsForAPersonThatSurviveTheWire() async throws {
            let bench = try BrokerBench()
            let alice = BrokerBench.engineer(from: "10.7.7.7")
            let reply = try await Self.handlers(bench).getCredentials(
                GetCredentialsRequest(principal: Self.person(alice), sourceIP: "10.7.7.7", requestedRole: "engineering-readonly"),
                caller: .service("gateway"), requestID: "rpc-h-1")
            let decoded = try GetCredentialsResponse(protobufBytes: try reply.protobufBytes())
            #expect(decoded == reply)
            let credentials = try #require(decoded.credentials)
            #expect(decoded.roleARN == Roles.prodReadOnly && decoded.refusal == nil)
            let issued = IssuedCredentials(
                accessKeyID: credentials.accessKeyID, secretAccessKey: credentials.secretAccessKey,
                sessionToken: credentials.sessionToken, expiration: Int(credentials.expiration), roleARN: decoded.roleARN,
                sessionName: alice.user, durationSeconds: 0)
            #expect(try await bench.stack.identity(of: issued).arn.hasSuffix("assumed-role/engineering-readonly/\(alice.user)"))
            let policy = bench.sentAssumeRoles(for: alice).first?["Policy"]
            #expect(try IPRestriction.allowedSources(policy).last == "10.7.7.7/32")
        }

        @Test func refusalsAreRepliesWithConsoleMeCodesAndTheMatchingRoles() async throws {
            let bench = try BrokerBench()
            let handlers = Self.handlers(bench)
            let alice = Self.person(BrokerBench.engineer())
            let ambiguous = try await handlers.getCredentials(
                GetCredentialsRequest(principal: alice, sourceIP: "10.0.0.1", requestedRole: "engineering-admin"),
                caller: .service("gateway"), requestID: "rpc-h-2")
            #expect(ambiguous.credentials == nil)
            #expect(ambiguous.refusal == CredentialRefusal(
                code: "901", reason: "ambiguous_role", message: CredentialBrokerError.ambiguousRole(
                    matches: [Roles.prodAdmin, Roles.stagingAdmin]).description,
                matchingRoles: [Roles.prodAdmin, Roles.stagingAdmin]))

            let none = try await handlers.getCredentials(
                GetCredentialsRequest(principal: alice, sourceIP: "10.0.0.1", requestedRole: "billing"),
                caller: .service("gateway"), requestID: "rpc-h-3")
            #expect(none.refusal?.code == "900" && none.refusal?.message == "No matching roles")

            let redirect = try await handlers.getConsoleLogin(
                GetConsoleLoginRequest(
                    principal: alice, sourceIP: "10.0.0.1", requestedRole: Roles.prodAdmin, redirect: "https://evil.example.com/"),
                caller: .service("gateway"), requestID: "rpc-h-4")
            #expect(redirect.refusal?.code == "904" && redirect.refusal?.reason == "invalid_redirect" && redirect.loginURL.isEmpty)
        }

        @Test func aNamedClientAsksOnlyForItself() async throws {
            let bench = try BrokerBench()
            let handlers = Self.handlers(bench)
            let own = try await handlers.getCredentials(
                GetCredentialsRequest(sourceIP: "192.0.2.1", requestedRole: Roles.billingReports),
                caller: .namedClient("billing-svc"), requestID: "rpc-h-5")
            #expect(own.roleARN == Roles.billingReports && own.credentials != nil)
            // The address a client claims is not trusted: only the configured networks apply.
            let policy = bench.stack.proxy.assumeRoleCalls(sessionName: "billing-svc").last?["Policy"]
            #expect(try !IPRestriction.allowedSources(policy).contains("192.0.2.1/32"))

            let other = try await handlers.getCredentials(
                GetCredentialsRequest(requestedRole: Roles.prodAdmin), caller: .namedClient("billing-svc"), requestID: "rpc-h-6")
            #expect(other.refusal?.reason == "role_not_allowed_for_client")

            await #expect(throws: RPCError(.permissionDenied, "internal client 'billing-svc' may only ask for itself")) {
                _ = try await handlers.getCredentials(
                    GetCredentialsRequest(principal: Proto.Principal(user: "alice@example.com", groups: ["engineering"]),
                                          requestedRole: Roles.prodAdmin),
                    caller: .namedClient("billing-svc"), requestID: "rpc-h-7")
            }
        }

        @Test func aServiceMustNameTheRequesterWithAValidAddress() async throws {
            let bench = try BrokerBench()
            let handlers = Self.handlers(bench)
            await #expect(throws: RPCError(.invalidArgument, "principal.user is required")) {
                _ = try await handlers.getCredentials(
                    GetCredentialsRequest(requestedRole: Roles.prodAdmin), caller: .service("gateway"), requestID: "rpc-h-8")
            }
            await #expect(throws: RPCError(.invalidArgument, "source_ip is not an IPv4 or IPv6 address")) {
                _ = try await handlers.getCredentials(
                    GetCredentialsRequest(
                        principal: Proto.Principal(user: "alice@example.com"), sourceIP: "10.0.0.1, 10.0.0.2",
                        requestedRole: Roles.prodAdmin),
                    caller: .service("gateway"), requestID: "rpc-h-9")
            }
        }

        @Test func aFailingDependencyIsUnavailable() async throws {
            let bench = try BrokerBench(hubSecret: "wrong")
            await #expect {
                _ = try await Self.handlers(bench).getCredentials(
                    GetCredentialsRequest(
                        principal: Self.person(BrokerBench.engineer()), sourceIP: "10.0.0.1", requestedRole: Roles.prodAdmin),
                    caller: .service("gateway"), requestID: "rpc-h-10")
            } throws: { error in
                (error as? RPCError)?.code == .unavailable
            }
        }
    }
}
