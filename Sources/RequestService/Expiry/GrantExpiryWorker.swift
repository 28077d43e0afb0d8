import Foundation
import Logging
import PorticoAPI
import PorticoRedis
import PorticoService
import ServiceLifecycle

/// Removes temporary grants when they end: every `interval`, the one process holding the lease
/// (`RedisLease` on `portico:requests:expiry-lease`, as the cache scheduler holds its own) takes
/// the requests whose earliest grant has ended from the expiry schedule (a sorted set by end
/// time, written when a grant is applied), removes what was granted, and marks them `expired`.
/// A removal that fails stays scheduled and is tried again next round (and counted).
struct GrantExpiryWorker: Service {
    let requests: PolicyRequests
    let schedule: GrantExpirySchedule
    let lease: RedisLease
    let interval: Duration
    let logger: Logger

    func run() async throws {
        var holding = false
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                holding = holding ? try await lease.renew() : try await lease.acquire()
                if holding { try await sweep() }
            } catch {
                logger.warning("grant expiry round failed", metadata: ["error": "\(String(describing: error).prefix(200))"])
            }
            try? await Task.sleep(for: interval)
        }
        if holding { try? await lease.release() }
    }

    /// One round: every request with an ended grant.
    func sweep() async throws {
        for id in try await schedule.due(at: requests.now()) {
            guard let request = try await requests.store.get(id) else {
                try await schedule.remove(id)
                continue
            }
            do {
                let outcome = try await requests.endAccess(request, by: "portico-expiry", only: nil, expired: true)
                if let next = GrantExpirySchedule.nextEnd(outcome.request) {
                    try await schedule.put(id, at: next)
                } else {
                    try await schedule.remove(id)
                }
            } catch is PolicyRequestProblem {
                // Nothing due after all (ended early, or moved later by a reviewer).
                if let next = GrantExpirySchedule.nextEnd(request) {
                    try await schedule.put(id, at: next)
                } else {
                    try await schedule.remove(id)
                }
            }
        }
    }
}

