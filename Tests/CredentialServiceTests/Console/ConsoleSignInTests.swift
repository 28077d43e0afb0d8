import CredentialService
import Foundation
import PorticoConfig
import PorticoTestSupport
import Testing

extension BrokerIntegrationTests {
    /// Console sign-in through a loopback stand-in for the federation endpoint.
    @Suite struct ConsoleSignIns {
        /// A sign-in service on the bench, federating at `federationURL`.
        static func signIn(_ bench: BrokerBench, federationURL: String) -> ConsoleSignIn {
            var configuration = bench.configuration
            configuration.aws.federationURL = federationURL
            return ConsoleSignIn(
                configuration: ConsoleSignIn.Configuration(configuration), broker: bench.broker, http: bench.stack.http)
        }

        @Test func theLoginURLCarriesTheFederationTokenIssuerAndRegionalConsole() async throws {
            let bench = try BrokerBench()
            let federation = try await FederationStandIn.start(
                motoEndpoint: bench.stack.moto.endpoint, http: bench.stack.http, logger: bench.stack.logger)
            defer { Task { await federation.stop() } }
            let alice = BrokerBench.engineer()
            let login = try await Self.signIn(bench, federationURL: federation.url).login(
                for: alice, requestedRole: Roles.prodAdmin, region: "eu-west-1", requestID: "console-1")

            let grant = try #require(federation.grants.first)
            #expect(federation.grants.count == 1)
            #expect(grant.arn == "arn:aws:sts::\(SignedMoto.prod):assumed-role/engineering-admin/\(alice.user)")
            #expect(grant.sessionDuration == "7200")

            #expect(login.url.hasPrefix(federation.url + "?Action=login&"))
            let query = FormFields.query(of: login.url)
            #expect(query["Action"] == "login")
            #expect(query["Issuer"] == "Portico Tests")
            #expect(query["Destination"] == "https://eu-west-1.console.aws.amazon.com")
            #expect(query["SigninToken"] == grant.token)
            #expect(login.roleARN == Roles.prodAdmin)
            #expect(!"\(login)".contains(grant.token))

            let events = try await bench.auditEntries()
            #expect(events.map { $0["action"] } == ["credentials", "console_sign_in"])
            #expect(events.allSatisfy { $0["outcome"] == "issued" && $0["console_only"] == "true" })
        }

        @Test func theConsoleDefaultsToTheConfiguredRegionAndHonoursAConsoleRedirect() async throws {
            let bench = try BrokerBench()
            let federation = try await FederationStandIn.start(
                motoEndpoint: bench.stack.moto.endpoint, http: bench.stack.http, logger: bench.stack.logger)
            defer { Task { await federation.stop() } }
            let signIn = Self.signIn(bench, federationURL: federation.url)
            let home = try await signIn.login(
                for: BrokerBench.engineer(), requestedRole: Roles.prodReadOnly, requestID: "console-2")
            #expect(FormFields.query(of: home.url)["Destination"] == "https://us-east-1.console.aws.amazon.com")

            let target = "https://us-west-2.console.aws.amazon.com/s3/buckets?region=us-west-2&tab=objects"
            let deep = try await signIn.login(
                for: BrokerBench.engineer(), requestedRole: Roles.prodReadOnly, redirect: target, requestID: "console-3")
            #expect(FormFields.query(of: deep.url)["Destination"] == target)
            #expect(deep.url.contains("Destination=https%3A%2F%2Fus-west-2.console.aws.amazon.com%2Fs3%2Fbuckets%3Fregion%3D"))
        }

        @Test func aRedirectOffTheAWSConsoleIsRefusedBeforeAnythingIsIssued() async throws {
            let bench = try BrokerBench()
            let signIn = Self.signIn(bench, federationURL: "http://127.0.0.1:9/federation")
            let alice = BrokerBench.engineer()
            for redirect in [
                "https://evil.example.com/", "http://console.aws.amazon.com/", "https://console.aws.amazon.com.evil.com/",
                "https://user@console.aws.amazon.com/", "https://console.aws.amazon.com:8443/", "javascript:alert(1)",
                "//console.aws.amazon.com/",
            ] {
                await #expect {
                    _ = try await signIn.login(
                        for: alice, requestedRole: Roles.prodAdmin, redirect: redirect, requestID: "console-4")
                } throws: { error in
                    guard case .invalidRedirect = error as? CredentialBrokerError else { return false }
                    return true
                }
            }
            #expect(bench.sentAssumeRoles(for: alice).isEmpty)
            let events = try await bench.auditEntries()
            #expect(events.count == 7)
            #expect(events.allSatisfy { $0["action"] == "console_sign_in" && $0["reason"] == "invalid_redirect" })
        }

        @Test func aCLIOnlyRoleGetsNoConsoleSignIn() async throws {
            let bench = try BrokerBench()
            let signIn = Self.signIn(bench, federationURL: "http://127.0.0.1:9/federation")
            await #expect(throws: CredentialBrokerError.noMatchingRole) {
                _ = try await signIn.login(
                    for: BrokerBench.engineer(), requestedRole: Roles.stagingPipeline, requestID: "console-5")
            }
        }

        @Test func aFailingFederationEndpointIsAFailureOnRecord() async throws {
            let bench = try BrokerBench()
            try await LoopbackHTTPServer.withRunning(handler: { _ in .text("down", status: 503) }) { down in
                let signIn = Self.signIn(bench, federationURL: down.baseURL + "/federation")
                await #expect {
                    _ = try await signIn.login(
                        for: BrokerBench.engineer(), requestedRole: Roles.prodAdmin, requestID: "console-6")
                } throws: { error in
                    guard case .federationFailed(let why) = error as? CredentialBrokerError else { return false }
                    return why.contains("503")
                }
            }
            let events = try await bench.auditEntries()
            #expect(events.map { $0["outcome"] } == ["issued", "failed"])
            #expect(events.last?["reason"] == "federation_failed")
        }
    }
}
