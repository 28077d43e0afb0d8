import CredentialService
import Foundation
import Logging
import PorticoConfig
import PorticoCore
import PorticoTestSupport
import Proto
import Testing

extension BrokerIntegrationTests {
    /// The credential service over the wire: a real `CredentialServer` on a loopback port, called
    /// by `RPCClient`s holding the shared secret (as the gateway does) or a named client's secret.
    @Suite struct OverTheWire {
        static let sharedSecret = "credential-wire-tests-secret"

        /// A running server and the configuration it runs with.
        struct Running {
            let endpoint: HostPort
            let configuration: PorticoConfiguration
            let log: LogRecorder
        }

        @discardableResult
        static func withServer<T>(
            federationURL: String? = nil, _ body: (Running) async throws -> T
        ) async throws -> T {
            let stack = try #require(BrokerStack.current)
            var configuration = stack.configuration()
            configuration.listen.credentials = HostPort(host: "127.0.0.1", port: 0)
            configuration.redis.host = stack.redisServer.host
            configuration.redis.port = stack.redisServer.port
            configuration.rpc.secret = Secret(sharedSecret)
            configuration.aws.audit.stream = "portico:audit:wire:\(UUID().uuidString)"
            if let federationURL { configuration.aws.federationURL = federationURL }
            let log = LogRecorder()
            let (ports, announce) = AsyncStream.makeStream(of: Int.self)
            let server = CredentialServer(
                configuration: configuration, eligibleRoles: stack.eligibleRoles,
                environment: BrokerBench.hubEnvironment(stack), logger: log.logger,
                onListening: { port in announce.yield(port) })
            let task = Task { try await server.run() }
            defer { task.cancel() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let result = try await body(Running(
                endpoint: HostPort(host: "127.0.0.1", port: port), configuration: configuration, log: log))
            task.cancel()
            _ = try? await task.value
            return result
        }

        @discardableResult
        static func withClient<T>(
            _ running: Running, identity: String, secret: String, _ body: (RPCClient) async throws -> T
        ) async throws -> T {
            let client = try RPCClient(
                configuration: RPCClient.Configuration(endpoints: [running.endpoint], connectTimeout: .seconds(30)),
                tokens: try ServiceTokenIssuer(identity: identity, secret: secret),
                logger: Logger(label: "credential-wire-client") { _ in SwiftLogNoOpLogHandler() })
            client.connect()
            do {
                let result = try await body(client)
                await client.close()
                return result
            } catch {
                await client.close()
                throw error
            }
        }

        @Test func theGatewayGetsCredentialsAndRefusalsOverTheWireAndEachIsOnRecord() async throws {
            let stack = try #require(BrokerStack.current)
            try await Self.withServer { running in
                try await Self.withClient(running, identity: "gateway", secret: Self.sharedSecret) { client in
                    let alice = BrokerBench.engineer(from: "10.8.8.8")
                    let person = Proto.Principal(user: alice.user, groups: alice.groups)
                    let reply = try await CredentialsClient(rpc: client).getCredentials(
                        GetCredentialsRequest(principal: person, sourceIP: "10.8.8.8", requestedRole: Roles.prodAdmin),
                        options: CallOptions(requestID: "wire-1"))
                    let credentials = try #require(reply.credentials)
                    let issued = IssuedCredentials(
                        accessKeyID: credentials.accessKeyID, secretAccessKey: credentials.secretAccessKey,
                        sessionToken: credentials.sessionToken, expiration: Int(credentials.expiration),
                        roleARN: reply.roleARN, sessionName: alice.user, durationSeconds: 0)
                    #expect(try await stack.identity(of: issued).arn.hasSuffix("assumed-role/engineering-admin/\(alice.user)"))

                    let ambiguous = try await CredentialsClient(rpc: client).getCredentials(
                        GetCredentialsRequest(principal: person, sourceIP: "10.8.8.8", requestedRole: "engineering-admin"),
                        options: CallOptions(requestID: "wire-2"))
                    #expect(ambiguous.refusal?.code == "901")
                    #expect(ambiguous.refusal?.matchingRoles == [Roles.prodAdmin, Roles.stagingAdmin])

                    let events = try await stack.auditEntries(stream: running.configuration.aws.audit.stream)
                    #expect(events.map { $0["request_id"] } == ["wire-1", "wire-2"])
                    #expect(events.map { $0["outcome"] } == ["issued", "refused"])
                    #expect(!running.log.lines.joined().contains(credentials.secretAccessKey))
                }
            }
        }

        @Test func aNamedClientGetsOnlyItsRoleAndCannotSpeakForPeople() async throws {
            let stack = try #require(BrokerStack.current)
            try await Self.withServer { running in
                try await Self.withClient(running, identity: "billing-svc", secret: "billing-secret") { client in
                    let own = try await CredentialsClient(rpc: client).getCredentials(GetCredentialsRequest(requestedRole: Roles.billingReports))
                    #expect(own.roleARN == Roles.billingReports && own.credentials != nil)

                    await #expect(throws: RPCError(.permissionDenied, "internal client 'billing-svc' may only ask for itself")) {
                        _ = try await CredentialsClient(rpc: client).getCredentials(
                            GetCredentialsRequest(
                                principal: Proto.Principal(user: "alice@example.com", groups: ["engineering"]),
                                requestedRole: Roles.prodAdmin))
                    }
                    let events = try await stack.auditEntries(stream: running.configuration.aws.audit.stream)
                    #expect(events.map { $0["client"] } == ["billing-svc"])
                }
                // A token naming billing-svc but signed with the shared secret, not the client's own, is refused.
                try await Self.withClient(running, identity: "billing-svc", secret: Self.sharedSecret) { client in
                    await #expect {
                        _ = try await CredentialsClient(rpc: client).getCredentials(GetCredentialsRequest(requestedRole: Roles.billingReports))
                    } throws: { error in
                        (error as? RPCError)?.code == .unauthenticated
                    }
                }
            }
        }

        @Test func aConsoleLoginOverTheWireCarriesTheFederationToken() async throws {
            let stack = try #require(BrokerStack.current)
            let federation = try await FederationStandIn.start(
                motoEndpoint: stack.moto.endpoint, http: stack.http, logger: stack.logger)
            defer { Task { await federation.stop() } }
            try await Self.withServer(federationURL: federation.url) { running in
                try await Self.withClient(running, identity: "gateway", secret: Self.sharedSecret) { client in
                    let alice = BrokerBench.engineer(from: "10.8.8.9")
                    let reply = try await CredentialsClient(rpc: client).getConsoleLogin(
                        GetConsoleLoginRequest(
                            principal: Proto.Principal(user: alice.user, groups: alice.groups), sourceIP: "10.8.8.9",
                            requestedRole: "engineering-readonly"))
                    let grant = try #require(federation.grants.first)
                    #expect(FormFields.query(of: reply.loginURL)["SigninToken"] == grant.token)
                    #expect(grant.arn.hasSuffix("assumed-role/engineering-readonly/\(alice.user)"))
                    #expect(reply.roleARN == Roles.prodReadOnly)
                }
            }
        }
    }
}
