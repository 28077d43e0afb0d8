import Foundation
import Logging
import PorticoAPI
import PorticoService
import ServiceLifecycle

/// Finishes applies whose process died midway (killed between its claim and its last write): at
/// start and every `interval`, the one process holding the lease (`RedisLease` on
/// `portico:requests:recovery-lease`, as the expiry worker holds its own) takes the stale claims
/// (`ApplyClaims.stale()`) and applies each such request again in recovery mode — every change is
/// read back from AWS first, what is in force is marked applied without writing, the rest is
/// applied — so each change ends applied exactly once, and the request approved when all are.
struct ApplyRecoveryWorker: Service {
    let requests: PolicyRequests
    let lease: RedisLease
    let interval: Duration
    let logger: Logger

    static let caller = RequestCaller(user: "portico-recovery", groups: [], canAdminPolicies: true)

    func run() async throws {
        var holding = false
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                holding = holding ? try await lease.renew() : try await lease.acquire()
                if holding { try await recover() }
            } catch {
                logger.warning("apply recovery round failed", metadata: ["error": "\(String(describing: error).prefix(200))"])
            }
            try? await Task.sleep(for: interval)
        }
        if holding { try? await lease.release() }
    }

    /// One round: every request whose apply claim is stale.
    func recover() async throws {
        for id in try await requests.claims.stale() {
            guard let request = try await requests.store.get(id), request.applyingBy != nil else {
                // Died before its claim reached the table, or finished meanwhile: nothing to finish.
                try await requests.claims.forget(id)
                continue
            }
            let only = try await requests.claims.scope(id)
            do {
                let outcome = try await requests.applyAll(request, caller: Self.caller, approving: true, only: only, recovering: true)
                logger.notice("recovered an interrupted apply", metadata: [
                    "request": "\(id)", "status": "\(outcome.request.requestStatus.rawValue)",
                ])
                try? await requests.audit.record("apply_recovery", by: Self.caller.user, request: outcome.request)
            } catch let problem as PolicyRequestProblem {
                // Taken over meanwhile (a reviewer's apply holds it now): theirs to finish.
                logger.info("interrupted apply not recovered", metadata: ["request": "\(id)", "reason": "\(problem.message.prefix(200))"])
            }
        }
    }
}
