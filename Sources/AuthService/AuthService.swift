public import Logging
public import PorticoConfig
public import PorticoHTTP
public import PorticoRedis

/// Portico's AuthService core: turns an identity (the user and the groups their token claims)
/// into resolved groups and rights. Built once per process from configuration; stateless apart
/// from Redis and an in-memory Google access token, so any number of replicas can run.
public final class AuthService: Sendable {
    public let resolver: GroupResolver
    public let rightsPolicy: RightsPolicy

    /// Builds the service. With `google.enabled`, reads the service-account key file now.
    ///
    /// - Parameters:
    ///   - httpClient: for Google; owned by the caller.
    ///   - redis: for the Directory cache, or nil for none; owned by the caller.
    ///   - clock: wall-clock seconds for assertions and token lifetimes.
    /// - Throws: `AuthServiceStartupError` in `prod` when Google is enabled but its key file,
    ///   subject or URLs are unusable. In `dev` the same problems are logged as warnings and the
    ///   service runs without Google Directory.
    public init(
        configuration: PorticoConfiguration, httpClient: HTTPClient, redis: RedisClient?, logger: Logger,
        clock: WallClock = .system, limits: AuthServiceLimits = .defaults
    ) throws(AuthServiceStartupError) {
        var directory: DirectoryGroups?
        if configuration.google.enabled {
            do {
                directory = try Self.directory(
                    configuration: configuration, httpClient: httpClient, redis: redis, logger: logger, clock: clock,
                    limits: limits)
            } catch {
                guard configuration.environment == .dev else { throw error }
                logger.warning("Google Directory is disabled: \(error) (refused when environment is prod)")
            }
        }
        resolver = GroupResolver(
            rules: GroupMergeRules(configuration: configuration.groups), directory: directory, limits: limits, logger: logger)
        rightsPolicy = RightsPolicy(configuration: configuration.groups)
    }

    /// The person's groups from every source and the rights they hold.
    /// - Throws: `GroupResolutionError` for an invalid request or a failed Google lookup.
    public func authorize(_ request: GroupRequest) async throws(GroupResolutionError) -> UserAuthorization {
        let groups = try await resolver.resolve(request)
        return UserAuthorization(groups: groups, rights: rightsPolicy.rights(user: groups.user, groups: groups.groups))
    }

    private static func directory(
        configuration: PorticoConfiguration, httpClient: HTTPClient, redis: RedisClient?, logger: Logger, clock: WallClock,
        limits: AuthServiceLimits
    ) throws(AuthServiceStartupError) -> DirectoryGroups {
        let google = configuration.google
        let requireHTTPS = configuration.environment == .prod
        try checkURL(google.tokenURL, key: "google.token_url", requireHTTPS: requireHTTPS)
        try checkURL(google.directoryURL, key: "google.directory_url", requireHTTPS: requireHTTPS)
        guard let path = google.serviceKeyFile, !path.isEmpty else { throw .serviceKey(.notConfigured) }
        let key: GoogleServiceAccountKey
        do {
            key = try GoogleServiceAccountKey.load(path: path)
        } catch {
            throw .serviceKey(error)
        }
        guard let subject = google.credentialSubject, !subject.isEmpty else { throw .missingCredentialSubject }
        let tokens = GoogleAccessTokenSource(
            assertion: GoogleAssertion(key: key, subject: subject, audience: google.tokenURL),
            tokenURL: google.tokenURL, http: httpClient, clock: clock, maxResponseBytes: limits.maxGoogleResponseBytes,
            logger: logger)
        let client = GoogleDirectoryClient(
            directoryURL: google.directoryURL, tokens: tokens, http: httpClient, limits: limits, logger: logger)
        let cache = redis.flatMap { redis in
            google.cacheTTLSeconds > 0
                ? DirectoryGroupCache(
                    redis: redis, ttl: .seconds(google.cacheTTLSeconds), maxValueBytes: limits.maxCachedValueBytes, logger: logger)
                : nil
        }
        logger.info("Google Directory groups enabled", metadata: [
            "google.service_account": "\(key.clientEmail)", "google.subject": "\(subject)",
            "google.cache_ttl_seconds": "\(cache == nil ? 0 : google.cacheTTLSeconds)",
        ])
        return DirectoryGroups(client: client, cache: cache, logger: logger)
    }

    private static func checkURL(_ url: String, key: String, requireHTTPS: Bool) throws(AuthServiceStartupError) {
        let lowered = url.lowercased()
        if lowered.hasPrefix("https://"), lowered.count > 8 { return }
        if !requireHTTPS, lowered.hasPrefix("http://"), lowered.count > 7 { return }
        throw .invalidURL(key: key, expected: requireHTTPS ? "an https URL in prod" : "an http or https URL")
    }
}
