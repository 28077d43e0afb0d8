import Logging
import NIOCore
import PorticoConfig
import PorticoCore
import PorticoRedis
import PorticoService
import PorticoTestSupport
import Proto
import ServiceLifecycle
import Testing

/// What the service host builds from configuration: one verifier rule, startup errors naming
/// the key, an RPC listener serving `Health`.
@Suite struct ServiceHostTests {
    static let secret = "service-host-tests-rpc-secret-0123456789"
    static let clientSecret = "service-host-tests-billing-secret-0123456789"
    static let quiet = Logger(label: "portico.tests.host") { _ in SwiftLogNoOpLogHandler() }

    static func configuration() -> PorticoConfiguration {
        var configuration = PorticoConfiguration()
        configuration.rpc.secret = Secret(secret)
        configuration.rpc.clients = ["billing": .init(secret: Secret(clientSecret), roles: [])]
        configuration.listen.auth = HostPort(host: "127.0.0.1", port: 0)
        return configuration
    }

    @Test func aTokenNamingAClientVerifiesOnlyWithThatClientsOwnSecret() throws {
        let verifier = try ServiceHost.verifier(Self.configuration())
        let method = HealthMethods.check.name
        let message = ByteBuffer(bytes: [1, 2, 3])
        func token(_ identity: String, _ secret: String, requestID: String) throws -> ServiceToken {
            try ServiceTokenIssuer(identity: identity, secret: secret).token(method: method, requestID: requestID, message: message)
        }
        let forged = try token("billing", Self.secret, requestID: "r1")
        #expect(throws: RPCError.self) { try verifier.verify(forged, method: method, requestID: "r1", message: message) }
        let own = try token("billing", Self.clientSecret, requestID: "r2")
        #expect(try verifier.verify(own, method: method, requestID: "r2", message: message)
            == RPCCaller(identity: "billing", kind: .namedClient))
        let service = try token("gateway", Self.secret, requestID: "r3")
        #expect(try verifier.verify(service, method: method, requestID: "r3", message: message)
            == RPCCaller(identity: "gateway", kind: .internalService))
    }

    @Test func withRPCTLSButNoCAToTrustTheServicesOwnClientsAreRefusedNamingTheKey() {
        var configuration = Self.configuration()
        configuration.rpc.tls = .init(certificatePath: "/nonexistent/rpc.pem", keyPath: "/nonexistent/rpc.key")
        let host = ServiceHost(.gateway, configuration: configuration, logger: Self.quiet)
        #expect { _ = try host.client(for: .cache) } throws: { ($0 as? ServiceStartupError)?.key == "rpc.tls.server_ca" }
    }

    @Test func withoutRPCSecretNoVerifierIsMade() {
        var configuration = Self.configuration()
        configuration.rpc.secret = nil
        #expect(throws: ServiceStartupError(key: "rpc.secret", problem: "must be set: every RPC call is authenticated with it")) {
            try ServiceHost.verifier(configuration)
        }
    }

    @Test func aClientWithoutItsSecretIsRefusedNamingIt() {
        var configuration = Self.configuration()
        configuration.rpc.clients["reports"] = .init(secret: nil, roles: [])
        #expect {
            try ServiceHost.verifier(configuration)
        } throws: { error in
            (error as? ServiceStartupError)?.key == "rpc.clients.reports.secret"
        }
    }

    @Test(arguments: PorticoServiceName.allCases)
    func aClientNamedAfterAPorticoServiceIsRefused(service: PorticoServiceName) {
        var configuration = Self.configuration()
        configuration.rpc.clients[service.rawValue] = .init(secret: Secret(Self.clientSecret), roles: [])
        #expect {
            try ServiceHost.verifier(configuration)
        } throws: { error in
            (error as? ServiceStartupError)?.key == "rpc.clients.\(service.rawValue)"
        }
        let host = ServiceHost(.gateway, configuration: configuration, logger: Self.quiet)
        #expect(throws: ServiceStartupError.self) { try host.client(for: .auth) }
    }

    @Test func theListenerHasTheLimitsOfRPCServer() throws {
        var configuration = Self.configuration()
        configuration.rpc.server.maxConcurrentStreams = 16
        configuration.rpc.server.prefaceTimeoutSeconds = 2
        let listener = try ServiceHost(.auth, configuration: configuration, logger: Self.quiet).rpcServer(router: RPCRouter())
        #expect(listener.server.configuration.maxConcurrentStreams == 16)
        #expect(listener.server.configuration.handshakeTimeout == .seconds(2))
        #expect(listener.server.configuration.listen == HostPort(host: "127.0.0.1", port: 0))
    }

    @Test func theListenerServesHealthBesideTheServicesMethods() async throws {
        var router = RPCRouter()
        router.register(AuthMethods.authorize) { _, _ in AuthorizeResponse() }
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let running = Task {
            try await ServiceHost.run(.auth, configuration: Self.configuration(), logger: Self.quiet) { host in
                [try host.rpcServer(router: router, onListening: { sink.yield($0) })]
            }
        }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let client = try RPCClient(
            configuration: .init(endpoints: [HostPort(host: "127.0.0.1", port: port)]),
            tokens: try ServiceTokenIssuer(identity: "gateway", secret: Self.secret), logger: Self.quiet)
        defer { running.cancel() }
        #expect(try await client.call(HealthMethods.check, HealthCheckRequest(service: "")).status == .serving)
        #expect(try await client.call(HealthMethods.check, HealthCheckRequest(service: AuthMethods.serviceName)).status == .serving)
        #expect(try await client.call(HealthMethods.check, HealthCheckRequest(service: "portico.v1.Nothing")).status == .serviceUnknown)
        let echo = try await client.call(HealthMethods.echo, EchoRequest(text: "ping"))
        #expect(echo.server == "auth")
        #expect(echo.echo?.text == "ping")
        await client.close()
        running.cancel()
        _ = try? await running.value
    }

    /// Stands in for a server: reports when it runs, and on graceful shutdown whether the Redis
    /// client it was given still answers (it must: the host closes clients after servers).
    struct DrainingServer: Service {
        let redis: RedisClient
        let report: AsyncStream<String>.Continuation

        func run() async throws {
            report.yield("running")
            try? await gracefulShutdown()
            let pong = try? await redis.send(["PING"])
            report.yield(pong == nil ? "redis closed while draining" : "redis open while draining")
        }
    }

    /// Runs a host as `portico-server` does, inside the process's service group.
    struct Hosted: Service {
        let configuration: PorticoConfiguration
        let report: AsyncStream<String>.Continuation

        func run() async throws {
            try await ServiceHost.run(.auth, configuration: configuration, logger: ServiceHostTests.quiet) { host in
                [DrainingServer(redis: host.redis(), report: report)]
            }
        }
    }

    @Test func onGracefulShutdownTheServersStopBeforeTheClientsTheyUseClose() async throws {
        let redis = try await RedisServer.start()
        var configuration = Self.configuration()
        configuration.redis.host = redis.host
        configuration.redis.port = redis.port
        let (reports, sink) = AsyncStream.makeStream(of: String.self)
        let group = ServiceGroup(services: [Hosted(configuration: configuration, report: sink)], logger: Self.quiet)
        let running = Task { try await group.run() }
        var iterator = reports.makeAsyncIterator()
        #expect(await iterator.next() == "running")
        await group.triggerGracefulShutdown()
        #expect(await iterator.next() == "redis open while draining")
        try await running.value
        _ = try? await runBlocking { redis.stop() }
    }
}
