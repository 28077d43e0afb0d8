import Logging
import PorticoCore
import Proto

/// Asks AuthService (`Auth.Authorize`) for a signed-in person's merged groups and rights, and
/// keeps each answer for `gateway.authorization_cache_seconds` per user and token groups, so
/// a busy client costs AuthService one call per TTL; concurrent first requests share one call.
/// A session whose groups are due for a refresh asks again past the cache (`refresh`).
struct CallerAuthorizer: Sendable {
    /// The identity as the sign-in token gave it: the cache key.
    struct Key: Hashable, Sendable {
        let user: String
        let claimedGroups: [String]
    }

    /// How long a forced refresh counts as fresh for the next ones: the requests a page makes
    /// at once with one stale session share a single call to AuthService (and Google).
    static let refreshSharing: Duration = .seconds(5)

    private let cache: ExpiringCache<Key, CallerAuthorization>
    private let load: @Sendable (Key) async throws -> CallerAuthorization
    private let refreshes: ExpiringCache<Key, CallerAuthorization>
    private let loadRefreshed: @Sendable (Key) async throws -> CallerAuthorization

    init(client: AuthClient, ttl: Duration, timeout: Duration, metrics: BackendMetrics, clock: CacheClock = .continuous) {
        cache = ExpiringCache(ttl: ttl, clock: clock, onLookup: { metrics.cacheLookup(.authorization, $0) })
        load = { key in try await Self.authorize(key, client: client, timeout: timeout) }
        refreshes = ExpiringCache(ttl: Self.refreshSharing, clock: clock)
        loadRefreshed = { key in try await Self.authorize(key, client: client, timeout: timeout, refresh: true) }
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

    /// The caller's groups and rights resolved afresh: AuthService asks Google Directory again
    /// (`refresh`), and the answer replaces the one kept here, so the requests that follow see it.
    /// Concurrent refreshes for the same key share one call, whose answer serves for
    /// `refreshSharing`.
    /// - Throws: as `authorize`.
    @discardableResult
    func refresh(_ identity: Identity, logger: Logger) async throws(APIError) -> CallerAuthorization {
        let key = Key(user: identity.email, claimedGroups: identity.groups)
        do {
            let fresh = try await refreshes.value(for: key, load: loadRefreshed)
            cache.store(fresh, for: key)
            return fresh
        } catch {
            throw .backendFailure(error, from: .auth, logger: logger)
        }
    }

    private static func authorize(
        _ key: Key, client: AuthClient, timeout: Duration, refresh: Bool = false
    ) async throws -> CallerAuthorization {
        let response = try await client.authorize(
            AuthorizeRequest(user: key.user, claimedGroups: key.claimedGroups, refresh: refresh),
            options: CallOptions(timeout: timeout))
        guard let principal = response.principal, !principal.user.isEmpty else {
            throw RPCError(.internal, "Authorize answered without a principal")
        }
        return CallerAuthorization(principal: principal, rights: response.rights ?? UserRights())
    }
}
