import Logging
import PorticoCore
import Proto

/// Asks AuthService (`Auth.Authorize`) for a signed-in person's merged groups and rights, and
/// keeps each answer for `gateway.authorization_cache_seconds` per user and token groups, so
/// a busy client costs AuthService one call per TTL; concurrent first requests share one call.
struct CallerAuthorizer: Sendable {
    /// The identity as the sign-in token gave it: the cache key.
    struct Key: Hashable, Sendable {
        let user: String
        let claimedGroups: [String]
    }

    private let cache: ExpiringCache<Key, CallerAuthorization>
    private let load: @Sendable (Key) async throws -> CallerAuthorization

    init(client: AuthClient, ttl: Duration, timeout: Duration, metrics: BackendMetrics, clock: CacheClock = .continuous) {
        cache = ExpiringCache(ttl: ttl, clock: clock, onLookup: { metrics.cacheLookup(.authorization, $0) })
        load = { key in try await Self.authorize(key, client: client, timeout: timeout) }
    }

    /// The caller's merged groups and rights.
    /// - Throws: `APIError` 503 when AuthService is unavailable, 403 when it cannot use the
    ///   identity, 502 otherwise (see `APIError.backendFailure`).
    func authorize(_ identity: Identity, logger: Logger) async throws(APIError) -> CallerAuthorization {
        do {
            return try await cache.value(for: Key(user: identity.email, claimedGroups: identity.groups), load: load)
        } catch {
            throw .backendFailure(error, from: .auth, logger: logger)
        }
    }

    private static func authorize(_ key: Key, client: AuthClient, timeout: Duration) async throws -> CallerAuthorization {
        let response = try await client.authorize(
            AuthorizeRequest(user: key.user, claimedGroups: key.claimedGroups), options: CallOptions(timeout: timeout))
        guard let principal = response.principal, !principal.user.isEmpty else {
            throw RPCError(.internal, "Authorize answered without a principal")
        }
        return CallerAuthorization(principal: principal, rights: response.rights ?? UserRights())
    }
}
