import PorticoCore
import Proto

/// Roles, users, policies and resources as the cache holds them: read from the cache, and when
/// the cache has nothing (a role made a minute ago), read once through the spoke role with
/// `Cache/RefreshItem`. After every apply the changed item is refreshed the same way, so the UI
/// and eligible roles show it at once.
struct InventoryLookup: Sendable {
    let cache: CacheClient

    /// The item, or nil when neither the cache nor AWS has it.
    func item(_ arn: String, account: String? = nil) async throws -> CacheItem? {
        do {
            if arn.contains(":role/") {
                if let role = try await cache.getRole(CacheGetRoleRequest(arn: arn)).role { return role }
            } else if let item = try await cache.getResource(CacheGetResourceRequest(arn: arn)).resource {
                return item
            }
        } catch let error as RPCError where error.code == .notFound {}
        do {
            return try await refresh(arn, account: account)
        } catch let error as RPCError where error.code == .notFound || error.code == .invalidArgument {
            return nil
        }
    }

    /// Reads the item again through the spoke role and writes it to the cache.
    @discardableResult
    func refresh(_ arn: String, account: String? = nil) async throws -> CacheItem? {
        try await cache.refreshItem(CacheRefreshItemRequest(arn: arn, waitSeconds: 20, accountID: account ?? "")).item
    }
}
