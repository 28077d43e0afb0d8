import Foundation
import Hummingbird
import PorticoAPI
import Proto

/// `GET /api/v2/cache_status` (`can_admin` only, `PorticoAPI.CacheStatusResponse`): the cache's
/// `Cache/SweepStatus` for the admin page, one entry per account, kind and region, stale ones
/// first (never swept, then the success oldest against twice its kind's interval), each with
/// its age by the gateway's clock.
struct CacheStatusRoutes: Sendable {
    let backends: GatewayBackends
    /// The cache's sweep interval by kind, seconds (`cache.intervals`).
    let intervals: [String: Int]

    func addRoutes(to authorized: RouterGroup<GatewayRequestContext>) {
        authorized.get("api/v2/cache_status") { _, context -> Response in
            guard try context.requireAuthorization().rights.canAdmin else {
                throw APIError.forbidden("only administrators (can_admin) may see the cache's status")
            }
            let reply: CacheSweepStatusResponse
            do {
                reply = try await backends.clients.cache.sweepStatus(
                    CacheSweepStatusRequest(), options: backends.callOptions(for: context))
            } catch {
                throw APIError.backendFailure(error, from: .cache, logger: context.logger)
            }
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            return JSONBody.response(CacheStatusResponse(nowUnixMs: now, scopes: Self.ordered(reply.scopes, now: now, intervals: intervals)))
        }
    }

    /// `scopes` as the page shows them: stale first, then by how much of twice the interval
    /// has passed, then by account, kind and region.
    static func ordered(_ scopes: [CacheScopeStatus], now: Int64, intervals: [String: Int]) -> [CacheScopeState] {
        let states = scopes.map { scope -> (state: CacheScopeState, lateness: Double) in
            let interval = Int64(intervals[scope.kind] ?? 3600)
            let age = scope.lastSuccessUnixMs > 0 ? max(0, now - scope.lastSuccessUnixMs) / 1000 : nil
            let stale = age.map { $0 > 2 * interval } ?? true
            let state = CacheScopeState(
                accountID: scope.accountID, kind: scope.kind, region: scope.region,
                lastSuccessUnixMs: scope.lastSuccessUnixMs > 0 ? scope.lastSuccessUnixMs : nil, ageSeconds: age,
                lastDurationMs: scope.lastDurationMs, itemCount: scope.itemCount,
                lastError: scope.lastError.isEmpty ? nil : scope.lastError,
                lastErrorUnixMs: scope.lastErrorUnixMs > 0 ? scope.lastErrorUnixMs : nil,
                lastAttemptUnixMs: scope.lastAttemptUnixMs > 0 ? scope.lastAttemptUnixMs : nil,
                intervalSeconds: interval, stale: stale)
            return (state, age.map { Double($0) / Double(max(1, interval)) } ?? .infinity)
        }
        return states.sorted { a, b in
            if a.state.stale != b.state.stale { return a.state.stale }
            if a.lateness != b.lateness { return a.lateness > b.lateness }
            return (a.state.accountID, a.state.kind, a.state.region) < (b.state.accountID, b.state.kind, b.state.region)
        }.map(\.state)
    }
}
