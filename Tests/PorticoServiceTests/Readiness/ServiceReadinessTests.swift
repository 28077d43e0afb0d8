import Logging
import PorticoConfig
import PorticoCore
import PorticoService
import PorticoTestSupport
import Proto
import Synchronization
import Testing

/// `Health/Check` as a service's readiness: SERVING only while what the service depends on
/// answers — a real redis-server, and a real RPC listener of the service it calls — and
/// never while draining; a dependency that hangs counts as failing within the timeout.
@Suite struct ServiceReadinessTests {
    static let secret = "service-readiness-tests-rpc-secret-0123456789"
    static let quiet = Logger(label: "portico.tests.readiness") { _ in SwiftLogNoOpLogHandler() }

    static func configuration() -> PorticoConfiguration {
        var configuration = PorticoConfiguration()
        configuration.rpc.secret = Secret(secret)
        configuration.readiness.checkTimeoutSeconds = 1
        let anyPort = HostPort(host: "127.0.0.1", port: 0)
        configuration.listen.auth = anyPort
        configuration.listen.credentials = anyPort
        configuration.listen.cache = anyPort
        configuration.listen.requests = anyPort
        return configuration
    }

    /// Runs `service` on a `ServiceHost` (`build` adds its clients and dependencies) until the
    /// body ends; hands the body a client of its listener.
    static func withService<T>(
        _ service: PorticoServiceName, configuration: PorticoConfiguration,
        isReady: (@Sendable () async -> Bool)? = nil,
        build: @escaping @Sendable (ServiceHost) throws -> Void = { _ in },
        _ body: (RPCClient, Int) async throws -> T
    ) async throws -> T {
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let running = Task {
            try await ServiceHost.run(service, configuration: configuration, logger: quiet) { host in
                try build(host)
                return [try host.rpcServer(router: RPCRouter(), isReady: isReady, onListening: { sink.yield($0) })]
            }
        }
        defer { running.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let client = try RPCClient(
            configuration: .init(endpoints: [HostPort(host: "127.0.0.1", port: port)]),
            tokens: try ServiceTokenIssuer(identity: "gateway", secret: secret), logger: quiet)
        client.connect()
        let result: T
        do {
            result = try await body(client, port)
        } catch {
            await client.close()
            throw error
        }
        await client.close()
        running.cancel()
        _ = try? await running.value
        return result
    }

    static func status(_ client: RPCClient) async throws -> ServingStatus {
        try await HealthClient(rpc: client).check(HealthCheckRequest(service: ""), options: CallOptions(timeout: .seconds(30))).status
    }

    @Test func aServiceIsServingOnlyWhileItsRedisAnswers() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        var configuration = Self.configuration()
        configuration.redis.host = redis.host
        configuration.redis.port = redis.port
        try await Self.withService(.auth, configuration: configuration, build: { host in _ = host.redis() }) { client, _ in
            try await awaitCondition("auth is SERVING with Redis up") { try await Self.status(client) == .serving }
            redis.kill()
            try await awaitCondition("auth is NOT_SERVING with Redis gone") { try await Self.status(client) == .notServing }
            try await redis.restart()
            try await awaitCondition("auth is SERVING again once Redis is back") { try await Self.status(client) == .serving }
        }
    }

    @Test func aServiceIsServingOnlyWhileTheServiceItCallsIs() async throws {
        let cacheReady = Atomic<Bool>(false)
        try await Self.withService(.cache, configuration: Self.configuration(), isReady: { cacheReady.load(ordering: .relaxed) }) {
            cacheClient, cachePort in
            var configuration = Self.configuration()
            configuration.services.cache = [HostPort(host: "127.0.0.1", port: cachePort)]
            try await Self.withService(
                .credentials, configuration: configuration, build: { host in _ = try host.client(for: .cache) }
            ) { credentials, _ in
                #expect(try await Self.status(cacheClient) == .notServing)
                #expect(try await Self.status(credentials) == .notServing)
                cacheReady.store(true, ordering: .relaxed)
                try await awaitCondition("credentials SERVING once the cache is") { try await Self.status(credentials) == .serving }
                cacheReady.store(false, ordering: .relaxed)
                try await awaitCondition("credentials NOT_SERVING once the cache is not") {
                    try await Self.status(credentials) == .notServing
                }
            }
        }
    }

    @Test func aServiceWhoseDependencyIsNotListeningIsNotServing() async throws {
        let closed = try ClosedPort()
        defer { closed.close() }
        var configuration = Self.configuration()
        configuration.services.requests = [HostPort(host: "127.0.0.1", port: closed.port)]
        let status = try await Self.withService(
            .cache, configuration: configuration, build: { host in _ = try host.client(for: .requests) }
        ) { client, _ in
            try await Self.status(client)
        }
        #expect(status == .notServing)
    }

    @Test func aDependencyThatNeverAnswersFailsWithinTheTimeoutAndOthersStillReport() async throws {
        let readiness = Readiness(timeout: .milliseconds(300), logger: Self.quiet)
        let hangWasCancelled = Atomic<Bool>(false)
        readiness.add("hangs") {
            do {
                try await Task.sleep(for: .seconds(3600))
            } catch {
                hangWasCancelled.store(true, ordering: .relaxed)
                throw error
            }
        }
        readiness.add("answers") {}
        readiness.add("refuses") { throw RPCError(.unavailable, "down") }
        // The hanging check would take an hour: the report returning at all, with the timeout's
        // problem, shows the timer answered for it, and the check itself is then cancelled.
        let report = await readiness.report()
        try await awaitCondition("the hanging check is cancelled once it timed out") {
            hangWasCancelled.load(ordering: .relaxed)
        }
        #expect(report.checks.map(\.name) == ["hangs", "answers", "refuses"])
        #expect(report.checks[0].problem?.contains("no answer within") == true)
        #expect(report.checks[1].problem == nil)
        #expect(report.checks[2].problem?.contains("down") == true)
        #expect(!report.isReady)
    }

    @Test func drainingIsNotReadyEvenWithEveryDependencyAnswering() async throws {
        let readiness = Readiness(timeout: .seconds(1), logger: Self.quiet)
        readiness.add("answers") {}
        #expect(await readiness.isReady())
        readiness.beginDraining()
        let report = await readiness.report()
        #expect(report.isDraining)
        #expect(report.checks.allSatisfy { $0.problem == nil })
        #expect(!report.isReady)
        #expect(!(await readiness.isReady()))
    }
}
