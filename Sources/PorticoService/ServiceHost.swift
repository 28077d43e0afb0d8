public import Logging
public import Metrics
public import PorticoConfig
public import PorticoHTTP
public import PorticoRedis
public import Proto
public import ServiceLifecycle
import PorticoTLS
import Synchronization

/// What every Portico service runs on, built from configuration in one way: its Redis client,
/// its outbound HTTP client, its RPC clients of the other services (`client(for:)`), the
/// verifier of incoming service tokens and its RPC listener (serving `Health` beside the
/// service's own methods). Every service starts the same way:
///
/// ```swift
/// try await ServiceHost.run(.auth, configuration: configuration, logger: logger) { host in
///     let service = try AuthService(…, httpClient: host.httpClient(), redis: host.redis(), …)
///     return [try host.rpcServer(router: AuthRPC.router(service: service))]
/// }
/// ```
///
/// `run` runs what the body returns in a `ServiceGroup` after the clients the host built, each a
/// `Service` of its own, so on graceful shutdown the servers drain first and the clients close
/// after them, in the reverse order of their making. The host's `readiness` follows every
/// dependency it hands out (the Redis client's PING, each RPC client's `Health/Check`) and the
/// process's drain (`DrainPhase`: not-ready from SIGTERM until the servers stop accepting). When the body throws (configuration the
/// service cannot run with: `ServiceStartupError` naming the key), what was built is closed and
/// the error stops the start.
public final class ServiceHost: Sendable {
    /// The service this host runs, whose identity its service tokens carry.
    public let service: PorticoServiceName
    public let configuration: PorticoConfiguration
    public let logger: Logger
    /// Whether this service should be given work: its dependencies and its draining.
    public let readiness: Readiness
    private let metricsFactory: (any MetricsFactory)?
    private let state = Mutex(Built())

    private struct Built {
        var redis: RedisClient?
        var http: HTTPClient?
        var clients: [PorticoServiceName: RPCClient] = [:]
        /// Everything to close, in the order it was made.
        var resources: [any Service] = []
    }

    /// - Parameter metricsFactory: the metrics backend of the RPC servers and clients; nil uses
    ///   the bootstrapped `MetricsSystem`.
    public init(
        _ service: PorticoServiceName, configuration: PorticoConfiguration, logger: Logger,
        metricsFactory: (any MetricsFactory)? = nil
    ) {
        self.service = service
        self.configuration = configuration
        self.logger = logger
        self.metricsFactory = metricsFactory
        self.readiness = Readiness(timeout: .seconds(configuration.readiness.checkTimeoutSeconds), logger: logger)
    }

    /// Builds the service with `build` and runs it until graceful shutdown (or cancellation).
    /// - Throws: what `build` throws (before anything listens), or what a service throws.
    public static func run(
        _ service: PorticoServiceName, configuration: PorticoConfiguration, logger: Logger,
        metricsFactory: (any MetricsFactory)? = nil,
        _ build: (ServiceHost) async throws -> [any Service]
    ) async throws {
        let host = ServiceHost(service, configuration: configuration, logger: logger, metricsFactory: metricsFactory)
        let services: [any Service]
        do {
            services = try await build(host)
        } catch {
            await host.close()
            throw error
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: (host.resources + services).map { .init(service: $0) }, logger: logger))
        try await group.run()
    }

    /// The clients built so far, as services that close on graceful shutdown, in making order.
    public var resources: [any Service] { state.withLock { $0.resources } }

    /// Closes everything built so far, newest first (for a start that failed before running).
    public func close() async {
        let built = state.withLock { state in
            defer { state = Built() }
            return state
        }
        for resource in built.resources.reversed() {
            if let closing = resource as? ClosingService { await closing.close() }
            if let client = resource as? RPCClient { await client.close() }
        }
    }

    // MARK: Clients

    /// The service's Redis client (`redis:`), made on first use; `poolSize` counts on that use.
    /// From then on the service is ready only while Redis answers PING.
    public func redis(poolSize: Int = RedisConfiguration.defaults.poolSize) -> RedisClient {
        let redis = makeRedis(poolSize: poolSize)
        readiness.add("redis") { try await redis.ping() }
        return redis
    }

    private func makeRedis(poolSize: Int) -> RedisClient {
        state.withLock { state in
            if let redis = state.redis { return redis }
            let settings = configuration.redis
            let redis = RedisClient(
                configuration: RedisConfiguration(
                    host: settings.host, port: settings.port, db: settings.db, password: settings.password?.exposed,
                    poolSize: poolSize,
                    reconnect: RedisConfiguration.Reconnect(rideThrough: .milliseconds(Int(settings.rideThroughSeconds * 1000)))),
                logger: logger)
            state.redis = redis
            state.resources.append(ClosingService(name: "redis") { await redis.shutdown() })
            return redis
        }
    }

    /// The service's outbound HTTP client (AWS, Google, ALB keys, federation), with the timeouts
    /// of `http_client.<service>`; made on first use, where the arguments count.
    /// - Parameters:
    ///   - maxResponseBytes: the largest response accepted (default: `HTTPClient.Configuration`'s).
    ///   - maxConnectionsPerHost: connections open to one host at a time.
    public func httpClient(maxResponseBytes: Int? = nil, maxConnectionsPerHost: Int? = nil) -> HTTPClient {
        state.withLock { state in
            if let http = state.http { return http }
            let settings = service.httpClientSettings(in: configuration)
            var clientConfiguration = HTTPClient.Configuration(
                connectTimeout: .seconds(settings.connectTimeoutSeconds),
                requestTimeout: .seconds(settings.requestTimeoutSeconds))
            if let maxResponseBytes { clientConfiguration.maxResponseBytes = maxResponseBytes }
            if let maxConnectionsPerHost { clientConfiguration.maxConnectionsPerHost = maxConnectionsPerHost }
            let http = HTTPClient(configuration: clientConfiguration, logger: logger)
            state.http = http
            state.resources.append(ClosingService(name: "http") { await http.shutdown() })
            return http
        }
    }

    /// An RPC client of every replica of `target` (`services.<target>`, fixed and `dns:`, else
    /// `listen.<target>`),
    /// signing each call for this service's identity with `rpc.secret`; one per target, started
    /// connecting at once. From then on the service is ready only while a replica of `target`
    /// answers `Health/Check` SERVING.
    /// - Throws: `ServiceStartupError` when `rpc.secret` is unset or `rpc.clients` claims this
    ///   service's identity.
    public func client(for target: PorticoServiceName) throws(ServiceStartupError) -> RPCClient {
        if let existing = state.withLock({ $0.clients[target] }) { return existing }
        let tokens = try issuer()
        let endpoints = target.replicas(in: configuration)
        let client: RPCClient
        do {
            client = try RPCClient(
                configuration: .init(
                    endpoints: endpoints, tls: try clientTLSContext(), dnsNames: target.dnsNames(in: configuration),
                    resolution: Self.resolution(configuration.rpc.dns)),
                tokens: tokens, logger: logger, metricsFactory: metricsFactory)
        } catch let error as ServiceStartupError {
            throw error
        } catch {
            // Only an empty endpoint list fails here, and `replicas` always names one.
            throw ServiceStartupError(key: "services.\(target)", problem: "cannot make the RPC client: \(error)")
        }
        let made = state.withLock { state in
            if let raced = state.clients[target] { return raced }
            state.clients[target] = client
            state.resources.append(client)
            client.connect()
            return client
        }
        let health = HealthClient(rpc: made)
        let timeout = readiness.timeout
        readiness.add(target.rawValue) {
            let answer = try await health.check(HealthCheckRequest(service: ""), options: CallOptions(timeout: timeout))
            guard answer.status == .serving else { throw DependencyNotReady(status: answer.status) }
        }
        return made
    }

    /// How the clients follow `dns:` replica entries (`rpc.dns`).
    static func resolution(_ settings: PorticoConfiguration.DNSSettings) -> RPCClient.Resolution {
        let resolver: any NameResolver = settings.hostsFile.map { HostsFileResolver(path: $0) } ?? SystemNameResolver()
        return RPCClient.Resolution(
            interval: .seconds(settings.refreshSeconds), minimumInterval: .seconds(min(1, settings.refreshSeconds)),
            drainTimeout: .seconds(settings.drainSeconds), resolver: resolver)
    }

    /// The signer of this service's calls: its own identity, `rpc.secret`.
    func issuer() throws(ServiceStartupError) -> ServiceTokenIssuer {
        let identity = service.rawValue
        guard let secret = configuration.rpc.secret?.exposed, !secret.isEmpty else {
            throw ServiceStartupError(
                key: "rpc.secret", problem: "must be set: the \(identity) service signs its calls to the other services with it")
        }
        try Self.checkClientNames(configuration)
        do {
            return try ServiceTokenIssuer(identity: identity, secret: secret)
        } catch {
            throw ServiceStartupError(key: "rpc.secret", problem: "cannot sign service tokens: \(error)")
        }
    }

    // MARK: Serving

    /// The verifier of every call this service takes, the same on every listener: a token
    /// naming an `rpc.clients` entry verifies only with that client's own secret, any other
    /// only with `rpc.secret` (then it is one of Portico's services).
    /// - Throws: `ServiceStartupError` naming `rpc.secret`, or the client whose secret is unset
    ///   or who is named after a Portico service.
    public func verifier() throws(ServiceStartupError) -> ServiceTokenVerifier {
        try Self.verifier(configuration)
    }

    /// The verifier `configuration` gives (see `verifier()`).
    public static func verifier(_ configuration: PorticoConfiguration) throws(ServiceStartupError) -> ServiceTokenVerifier {
        guard let secret = configuration.rpc.secret?.exposed, !secret.isEmpty else {
            throw ServiceStartupError(key: "rpc.secret", problem: "must be set: every RPC call is authenticated with it")
        }
        try checkClientNames(configuration)
        var clients: [String: String] = [:]
        var certificateSubjects: [String: String] = [:]
        for (name, client) in configuration.rpc.clients {
            if let subject = client.certificateSubject, !subject.isEmpty { certificateSubjects[name] = subject }
            guard let clientSecret = client.secret?.exposed, !clientSecret.isEmpty else {
                throw ServiceStartupError(key: "rpc.clients.\(name).secret", problem: "must be set: the client's calls are authenticated with it")
            }
            clients[name] = clientSecret
        }
        do {
            return try ServiceTokenVerifier(sharedSecret: secret, clients: clients, certificateSubjects: certificateSubjects)
        } catch {
            throw ServiceStartupError(key: "rpc.secret", problem: "cannot check service tokens: \(error)")
        }
    }

    /// A client may not carry a Portico service's identity: tokens naming it would verify with
    /// the client's secret, and the service's own calls would fail.
    static func checkClientNames(_ configuration: PorticoConfiguration) throws(ServiceStartupError) {
        for name in PorticoServiceName.allCases.map(\.rawValue) where configuration.rpc.clients[name] != nil {
            throw ServiceStartupError(
                key: "rpc.clients.\(name)", problem: "'\(name)' is a Portico service's own identity; name the client otherwise")
        }
    }

    /// The service's RPC listener on `listen.<service>` with the limits of `rpc.server`:
    /// `router`'s methods and `Health`, every call checked by `verifier()`. It logs `<service> listening` with the bound address and
    /// calls `onListening` with the port (port 0 in `listen` picks a free one).
    /// `Health/Check` reports SERVING while `readiness` holds (every dependency answers, not
    /// draining) and `isReady` does.
    /// - Parameter isReady: the service's own part of readiness (the cache: its account list
    ///   has been read), a dependency named `service` in `readiness`.
    public func rpcServer(
        router: RPCRouter, isReady: (@Sendable () async -> Bool)? = nil,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws(ServiceStartupError) -> RPCListener {
        var router = router
        if let isReady {
            readiness.add("service") {
                guard await isReady() else { throw DependencyNotReady(status: .notServing) }
            }
        }
        let readiness = self.readiness
        HealthRPC.register(on: &router, server: service.rawValue, isReady: { await readiness.isReady() })
        let listen = service.listenAddress(in: configuration)
        let limits = configuration.rpc.server
        let server = RPCServer(
            configuration: RPCServer.Configuration(
                listen: listen, maxFrameSize: limits.maxFrameSize,
                maxConcurrentStreams: limits.maxConcurrentStreams, maxConnections: limits.maxConnections,
                shutdownGracePeriod: .seconds(limits.shutdownGraceSeconds),
                handshakeTimeout: .seconds(limits.prefaceTimeoutSeconds), frameTimeout: .seconds(limits.frameTimeoutSeconds),
                idleTimeout: .seconds(limits.idleTimeoutSeconds), tls: try tlsContext()),
            router: router, verifier: try verifier(), logger: logger, metricsFactory: metricsFactory)
        return RPCListener(service: service, host: listen.host, server: server, logger: logger, onListening: onListening)
    }
}

extension ServiceHost {
    /// The TLS this service's own RPC clients use when `rpc.tls` is set: they trust
    /// `rpc.tls.server_ca` (or `client_ca` when one CA signs both sides) and present the
    /// service's own certificate, so every listener, mutual or not, accepts them.
    func clientTLSContext() throws(ServiceStartupError) -> TLSContext? {
        guard let tls = configuration.rpc.tls else { return nil }
        guard let ca = tls.serverCAPath ?? tls.clientCAPath else {
            throw ServiceStartupError(
                key: "rpc.tls.server_ca", problem: "must name the CA of the RPC listeners' certificates for Portico's own calls")
        }
        do {
            return try TLSContext.client(caPath: ca, certificatePath: tls.certificatePath, keyPath: tls.keyPath)
        } catch {
            throw ServiceStartupError(key: "rpc.tls", problem: "cannot be used by this service's clients: \(error)")
        }
    }

    /// The listener's TLS from `rpc.tls` (nil: plain TCP).
    func tlsContext() throws(ServiceStartupError) -> TLSContext? {
        guard let tls = configuration.rpc.tls else { return nil }
        do {
            return try TLSContext.server(certificatePath: tls.certificatePath, keyPath: tls.keyPath, clientCAPath: tls.clientCAPath)
        } catch {
            throw ServiceStartupError(key: "rpc.tls", problem: "cannot be used: \(error)")
        }
    }
}

/// A service's RPC server as the host runs it: serves until graceful shutdown, announcing the
/// bound port once it listens.
public struct RPCListener: Service {
    public let service: PorticoServiceName
    public let host: String
    public let server: RPCServer
    let logger: Logger
    let onListening: @Sendable (Int) async -> Void

    public func run() async throws {
        let server = self.server
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await server.run() }
            let port = try await server.localPort
            logger.info("\(service) listening", metadata: ["address": "\(host):\(port)"])
            await onListening(port)
        }
    }
}

/// A dependency that answered but is not ready (a Portico service answering NOT_SERVING).
struct DependencyNotReady: Error, CustomStringConvertible {
    let status: ServingStatus
    var description: String { "answers \(status)" }
}
