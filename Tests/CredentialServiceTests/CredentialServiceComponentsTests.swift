import CredentialService
import Foundation
import Logging
import PorticoConfig
import PorticoCore
import PorticoTestSupport
import Proto
import ServiceLifecycle
import Testing

/// What `portico-server credentials` runs, built from configuration alone.
@Suite struct CredentialServiceComponentsTests {
    static let quiet = Logger(label: "portico.tests.components") { _ in SwiftLogNoOpLogHandler() }

    @Test func withoutACacheEndpointTheServiceRefusesToStartNamingTheKey() async throws {
        var configuration = PorticoConfiguration.defaults
        configuration.rpc.secret = Secret("components-secret")
        configuration.services.cache = []
        let services = CredentialServiceComponents.make(configuration: configuration, logger: Self.quiet)
        #expect(services.count == 1)
        await #expect {
            try await services.first?.run()
        } throws: { error in
            "\(error)".contains("services.cache")
        }
    }

    @Test func withoutTheRPCSecretTheServiceRefusesToStartNamingTheKey() async throws {
        var configuration = PorticoConfiguration.defaults
        configuration.services.cache = [HostPort(host: "127.0.0.1", port: 7103)]
        let services = CredentialServiceComponents.make(configuration: configuration, logger: Self.quiet)
        #expect(services.count == 1)
        await #expect {
            try await services.first?.run()
        } throws: { error in
            "\(error)".contains("rpc.secret")
        }
    }
}

extension BrokerIntegrationTests {
    /// The components `portico-server credentials` runs, against the real cache.
    @Suite struct Components {
        @Test func theServiceAnswersFromTheCacheAtServicesCacheAndStopsCleanly() async throws {
            let stack = try #require(BrokerStack.current)
            var configuration = stack.configuration()
            configuration.listen.credentials = HostPort(host: "127.0.0.1", port: 0)
            configuration.services.cache = [HostPort(host: stack.cache.endpoint.host, port: stack.cache.endpoint.port)]
            configuration.rpc.secret = Secret(SweptCache.rpcSecret)
            configuration.redis.host = stack.redisServer.host
            configuration.redis.port = stack.redisServer.port
            configuration.aws.audit.stream = "portico:audit:components:\(UUID().uuidString)"
            let log = LogRecorder()
            let group = ServiceGroup(
                services: CredentialServiceComponents.make(configuration: configuration, logger: log.logger), logger: log.logger)
            let running = Task { try await group.run() }

            var port: Int?
            try await awaitCondition("the credential server's announced port") {
                port = log.lines.lazy.compactMap(Self.announcedPort).first
                return port != nil
            }
            let client = try RPCClient(
                configuration: RPCClient.Configuration(endpoints: [HostPort(host: "127.0.0.1", port: try #require(port))]),
                tokens: try ServiceTokenIssuer(identity: "gateway", secret: SweptCache.rpcSecret), logger: log.logger)
            let person = Proto.Principal(user: "components@example.com", groups: ["engineering"])
            let ambiguous = try await CredentialsClient(rpc: client).getCredentials(
                GetCredentialsRequest(principal: person, sourceIP: "10.5.5.5", requestedRole: "engineering-admin"))
            #expect(ambiguous.refusal?.code == "901")
            #expect(ambiguous.refusal?.matchingRoles == [Roles.prodAdmin, Roles.stagingAdmin])
            // `staging` is the staging account's name as the cache lists it (no `accounts` configured
            // here); it matches both roles there, the CLI-only one included.
            #expect(configuration.accounts.isEmpty)
            let byAccount = try await CredentialsClient(rpc: client).getCredentials(
                GetCredentialsRequest(principal: person, sourceIP: "10.5.5.5", requestedRole: "staging"))
            #expect(byAccount.refusal?.matchingRoles == [Roles.stagingPipeline, Roles.stagingAdmin])
            await client.close()

            await group.triggerGracefulShutdown()
            try await running.value
        }

        /// The port in `credentials listening address=127.0.0.1:<port>`.
        static func announcedPort(_ line: String) -> Int? {
            guard line.contains("credentials listening"), let range = line.range(of: "address=127.0.0.1:") else { return nil }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }
    }
}
