import Foundation
import Hummingbird
import PorticoAPI
import Proto

/// The cache calls behind the inventory routes, with their failures as REST answers: an item
/// the cache does not hold (or hides from the caller) is `404`, a refused input `400`, the
/// cache down `503`. Callers without `can_admin` are restricted (`roles.allowed_tags`).
struct InventoryLookup: Sendable {
    let backends: GatewayBackends

    /// Whether `caller` sees only the roles `roles:` allows.
    static func isRestricted(_ caller: CallerAuthorization) -> Bool { !caller.rights.canAdmin }

    /// The item's detail; with `refresh`, after reading it again from AWS through the spoke role.
    func detail(
        arn: String, caller: CallerAuthorization, refresh: Bool = false, context: GatewayRequestContext
    ) async throws -> CacheItemDetailResponse {
        try await calling(context) {
            if refresh {
                // The refresh writes whatever AWS holds; whether the caller may see it is decided below.
                var options = backends.callOptions(for: context)
                options.timeout = max(options.timeout ?? .seconds(35), .seconds(35))
                _ = try await backends.clients.cache.refreshItem(CacheRefreshItemRequest(arn: arn, waitSeconds: 30), options: options)
            }
            return try await backends.clients.cache.getItemDetail(
                CacheItemDetailRequest(arn: arn, restricted: Self.isRestricted(caller)), options: backends.callOptions(for: context))
        }
    }

    /// Runs a cache call, mapping its failure.
    func calling<Value>(_ context: GatewayRequestContext, _ body: () async throws -> Value) async throws -> Value {
        do {
            return try await body()
        } catch let error as RPCError where error.code == .notFound {
            throw APIError.notFound("not found in the inventory")
        } catch let error as RPCError where error.code == .invalidArgument {
            throw APIError.badRequest(error.message)
        } catch {
            throw APIError.backendFailure(error, from: .cache, logger: context.logger)
        }
    }

    /// Epoch milliseconds as ISO 8601 (UTC); nil for 0.
    static func timestamp(_ milliseconds: Int64) -> String? {
        guard milliseconds > 0 else { return nil }
        return ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}
