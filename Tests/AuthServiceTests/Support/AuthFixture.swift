import AuthService
import Logging
import PorticoConfig
import PorticoHTTP
import PorticoRedis
import PorticoTestSupport
import Testing

/// An `AuthService` wired to its own Google stand-in and (unless asked otherwise) its own
/// redis-server, with a manual clock and captured logs. Each test makes its own, so tests run
/// in parallel.
struct AuthFixture {
    /// Where the group cache's Redis is.
    enum RedisSetup {
        /// A redis-server of this fixture's own.
        case running
        /// A port nothing listens on.
        case unreachable
        /// No Redis client at all.
        case none
    }

    let google: GoogleStandIn
    let redisServer: RedisServer?
    let redis: RedisClient?
    let http: HTTPClient
    let clock: ManualClock
    let logs: LogRecorder
    let service: AuthService

    /// Starts everything, runs `body`, and stops everything, even when `body` throws.
    static func with<T>(
        memberships: [String: [String]] = [:],
        groups: PorticoConfiguration.Groups = PorticoConfiguration.Groups(),
        cacheTTLSeconds: Int = 600,
        redis setup: RedisSetup = .running,
        pageSize: Int = 2,
        tokenLifetime: Int64 = 3600,
        _ body: (AuthFixture) async throws -> T
    ) async throws -> T {
        let clock = ManualClock()
        let google = try await GoogleStandIn.start(
            memberships: memberships, clock: clock, pageSize: pageSize, tokenLifetime: tokenLifetime)
        var redisServer: RedisServer?
        var redis: RedisClient?
        var closed: ClosedPort?
        let logs = LogRecorder()
        let http = HTTPClient(configuration: .init(connectTimeout: .seconds(5), requestTimeout: .seconds(10)), logger: logs.logger)
        do {
            switch setup {
            case .running:
                let server = try await RedisServer.start()
                redisServer = server
                redis = RedisClient(configuration: RedisConfiguration(host: server.host, port: server.port), logger: logs.logger)
            case .unreachable:
                let port = try ClosedPort()
                closed = port
                redis = RedisClient(
                    configuration: RedisConfiguration(host: "127.0.0.1", port: port.port, connectTimeout: .seconds(1)),
                    logger: logs.logger)
            case .none:
                break
            }
            var configuration = PorticoConfiguration()
            configuration.groups = groups
            configuration.environment = .dev // the Google stand-in is plain http on loopback
            configuration.google.enabled = true
            configuration.google.serviceKeyFile = try TestServiceAccount.writeKeyFile()
            configuration.google.credentialSubject = TestServiceAccount.subject
            configuration.google.tokenURL = google.tokenURL
            configuration.google.directoryURL = google.directoryURL
            configuration.google.cacheTTLSeconds = cacheTTLSeconds
            let service = try AuthService(
                configuration: configuration, httpClient: http, redis: redis, logger: logs.logger, clock: clock.wallClock)
            try #require(service.resolver.usesGoogleDirectory, "Google Directory was not enabled: \(logs.lines)")
            let fixture = AuthFixture(
                google: google, redisServer: redisServer, redis: redis, http: http, clock: clock, logs: logs, service: service)
            let result = try await body(fixture)
            await stop(google: google, redisServer: redisServer, redis: redis, http: http)
            closed?.close()
            return result
        } catch {
            await stop(google: google, redisServer: redisServer, redis: redis, http: http)
            closed?.close()
            throw error
        }
    }

    private static func stop(google: GoogleStandIn, redisServer: RedisServer?, redis: RedisClient?, http: HTTPClient) async {
        await http.shutdown()
        await redis?.shutdown()
        if let redisServer { _ = try? await runBlocking { redisServer.stop() } }
        await google.shutdown()
    }

    /// Resolves `user`'s groups through the service.
    func resolve(_ user: String, claims: [String] = [], refresh: Bool = false) async throws -> ResolvedGroups {
        try await service.resolver.resolve(GroupRequest(user: user, claimedGroups: claims, refresh: refresh))
    }

    /// The resolution error for `user`, or nil when it resolved.
    func resolutionError(_ user: String, claims: [String] = [], refresh: Bool = false) async -> GroupResolutionError? {
        do {
            _ = try await service.resolver.resolve(GroupRequest(user: user, claimedGroups: claims, refresh: refresh))
            return nil
        } catch {
            return error
        }
    }
}

extension LogRecorder {
    /// The rendered events logged at `level`.
    func texts(at level: Logger.Level) -> [String] { recorded.filter { $0.level == level }.map(\.text) }
}
