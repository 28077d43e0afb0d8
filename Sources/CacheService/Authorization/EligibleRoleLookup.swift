public import PorticoCore
public import PorticoRedis

/// Answers "which roles may this user use?" from the credential authorization mapping: the
/// roles whose tags name the user or one of their groups, in every account, plus the dynamic
/// configuration's group mapping. Two round trips whatever the estate size: the accounts each
/// principal appears in (with the cache epoch), then the principal's grants in those accounts'
/// current IAM generations.
///
/// After Redis has lost the cache (no epoch), "no grants" would be a lie that refuses everyone:
/// the lookup waits for the scheduler's refill from the DynamoDB backup (no AWS call), which
/// sets the epoch when it is done, and answers `unavailable` if it does not come in time.
public struct EligibleRoleLookup: Sendable {
    public let redis: RedisClient
    public let settings: CacheSettings

    /// The most principals (a user and their groups) one lookup takes.
    public static let maxPrincipals = 2000

    public init(redis: RedisClient, settings: CacheSettings) {
        self.redis = redis
        self.settings = settings
    }

    /// The roles `user` may use, directly or through `groups`, sorted by ARN. A role granted
    /// from the console anywhere is not CLI-only.
    public func eligibleRoles(user: String, groups: [String]) async throws -> [EligibleRole] {
        var principals: [String] = []
        for name in [user] + groups {
            guard name.utf8.count <= 512, !name.utf8.contains(0) else {
                throw CacheError.invalidArgument("a user or group name is longer than 512 bytes or contains NUL")
            }
            let normalized = RoleTagAuthorization.normalize(name)
            if !normalized.isEmpty, !principals.contains(normalized) { principals.append(normalized) }
        }
        guard principals.count <= Self.maxPrincipals else {
            throw CacheError.invalidArgument("at most \(Self.maxPrincipals) users and groups per lookup")
        }
        guard !principals.isEmpty else { return [] }
        let keys = settings.keys
        let memberships = try await membershipsOnceLoaded(principals)
        var pairs: [RedisArgument] = []
        for (principal, reply) in zip(principals, memberships) {
            for account in (reply.array ?? []).compactMap(\.string) {
                pairs += [RedisArgument(principal), RedisArgument(account)]
            }
        }
        var access: [String: RoleAccess] = [:]
        for chunk in pairs.chunked(2000) {
            let reply = try await redis.evaluate(CacheScripts.eligible, arguments: [RedisArgument(keys.prefix)] + chunk)
            let flat = reply.array ?? []
            for index in stride(from: 0, to: flat.count - 1, by: 2) {
                guard let arn = flat[index].string, let level = flat[index + 1].string.flatMap(RoleAccess.init(rawValue:))
                else { continue }
                access[arn] = access[arn].map { $0.merged(with: level) } ?? level
            }
        }
        let configured = RoleTagAuthorization(settings: settings.authorization).configuredGrants(for: principals)
        for (arn, level) in configured {
            access[arn] = access[arn].map { $0.merged(with: level) } ?? level
        }
        return access.map { EligibleRole(arn: $0.key, cliOnly: $0.value == .cliOnly) }.sorted { $0.arn < $1.arn }
    }

    /// How long a lookup waits for a refill: a scheduler tick to notice the flush, and the refill.
    var refillWait: Duration { settings.schedulerTick + .seconds(10) }

    /// Each principal's accounts, read once the cache epoch exists (waiting out a refill).
    private func membershipsOnceLoaded(_ principals: [String]) async throws -> [RedisValue] {
        let keys = settings.keys
        let commands: [[RedisArgument]] = [["EXISTS", keys.epoch]] + principals.map { ["SMEMBERS", keys.principalAccounts($0)] }
        let deadline = ContinuousClock.now + refillWait
        while true {
            let replies = try await redis.pipeline(commands)
            if replies.first?.int == 1 { return Array(replies.dropFirst()) }
            guard ContinuousClock.now < deadline else {
                throw CacheError.unavailable("the cache is being refilled from its backup after Redis lost it; try again shortly")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
