import Foundation
import PorticoAPI

extension PolicyRequests {
    /// The order changes are applied in: a new managed policy before it can be attached, the
    /// principal's own changes next, the other side's resource policies last.
    static func applyRank(_ change: PolicyRequestChange) -> Int {
        switch change.knownType {
        case .managedPolicyResource: 0
        case .resourcePolicy, .stsResourcePolicy: 2
        default: 1
        }
    }

    /// Applies `only` (or every not-applied, supported change), under a claim: the claim's Redis
    /// lease (`ApplyClaims`), then the claim written to the request — a conditional write on the
    /// revision read, so of two reviewers acting at once one wins and the other gets 409. With
    /// `approving`, the request is approved when all applied.
    ///
    /// `recovering` (the recovery pass, or anyone taking over a claim whose process died) reads
    /// each change back from AWS first: what is in force already is marked applied and written
    /// again never, so a change is applied once however often an apply is cut off.
    func applyAll(
        _ request: PolicyRequest, caller: RequestCaller, approving: Bool, only: String? = nil, recovering: Bool = false
    ) async throws -> (request: PolicyRequest, results: [PolicyRequestActionResult]) {
        guard let lease = try await claims.hold(request.id, only: only, now: now()) else {
            throw PolicyRequestProblem.conflict("an apply by \(request.applyingBy ?? "another reviewer") is under way", current: request)
        }
        do {
            let outcome = try await claims.renewing(lease) {
                try await applyClaimed(request, caller: caller, approving: approving, only: only, recovering: recovering)
            }
            try? await claims.release(lease, id: request.id)
            if outcome.request.requestStatus == .approved, request.requestStatus != .approved {
                let reviewer = outcome.request.reviewer ?? caller.user
                try? await audit.record("approve", by: reviewer, request: outcome.request)
                notifications.decided(outcome.request, by: reviewer)
            }
            return outcome
        } catch {
            try? await claims.release(lease, id: request.id)
            throw error
        }
    }

    private func applyClaimed(
        _ request: PolicyRequest, caller: RequestCaller, approving: Bool, only: String?, recovering: Bool
    ) async throws -> (request: PolicyRequest, results: [PolicyRequestActionResult]) {
        // A claim left in the request while its lease lapsed: its process died mid-apply.
        let takingOver = request.applyingBy != nil
        if takingOver { logger.notice("taking over an interrupted apply", metadata: ["request": "\(request.id)"]) }
        var claimed = request
        claimed.applyingBy = recovering ? (request.applyingBy ?? caller.user) : caller.user
        claimed.applyingSince = epochNow
        if approving, !recovering { claimed.reviewer = caller.user }
        do {
            claimed = try await save(claimed)
        } catch let conflict as RevisionConflict {
            throw PolicyRequestProblem.conflict("the request changed meanwhile; look again", current: conflict.current)
        }
        let verifying = recovering || takingOver
        var results: [PolicyRequestActionResult] = []
        var changes = claimed.changes.changes
        var written = 0
        try await hangForTests(after: written)
        let order = changes.indices.sorted { (Self.applyRank(changes[$0]), $0) < (Self.applyRank(changes[$1]), $1) }
        for index in order {
            let change = changes[index]
            guard change.status == .notApplied || change.status == .failed, change.supported != false else { continue }
            if let only, change.id != only { continue }
            if verifying, try await applier.isInForce(change) == true {
                // Written by the apply that was cut off: applied, and not written again.
                var found = change
                found.status = .applied
                found.failure = nil
                found.appliedAt = isoNow
                changes[index] = found
                results.append(.success("found \(found.changeType) \(found.id ?? "") applied"))
                try? await audit.record("apply_recovered", by: caller.user, request: claimed, change: found)
                continue
            }
            // The before document is re-read when applying: the effect lists follow it.
            let applied = ChangeReview.withEffect(await applier.apply(change, now: now()))
            changes[index] = applied
            if applied.status == .applied {
                metrics.applied.increment()
                results.append(.success("applied \(applied.changeType) \(applied.id ?? "")"))
                _ = try? await inventory.refresh(
                    (try? applier.target(of: applied).arn) ?? applied.principal.principalARN,
                    account: try? applier.target(of: applied).account)
            } else {
                metrics.applyFailed.increment()
                results.append(.error("\(applied.changeType) \(applied.id ?? ""): \(applied.failure ?? "failed")"))
            }
            try? await audit.record(applied.status == .applied ? "apply" : "apply_failed", by: caller.user, request: claimed, change: applied)
            written += 1
            try await hangForTests(after: written)
        }
        var finished = claimed
        finished.changes.changes = changes
        finished.applyingBy = nil
        finished.applyingSince = nil
        if approving, Self.nothingPending(finished) { finished.requestStatus = .approved }
        // A comment written meanwhile moves the revision on: merge the outcome into the newest.
        for _ in 0..<3 {
            do {
                finished = try await save(finished)
                break
            } catch let conflict as RevisionConflict {
                guard var current = conflict.current else { throw conflict }
                current.changes.changes = changes
                current.applyingBy = nil
                current.applyingSince = nil
                current.reviewer = finished.reviewer
                current.requestStatus = finished.requestStatus
                finished = current
            }
        }
        return (finished, results)
    }

    /// Whether every change that counts is applied or cancelled (autogenerated changes that
    /// cannot be applied are not waited for).
    static func nothingPending(_ request: PolicyRequest) -> Bool {
        request.changes.changes.allSatisfy { change in
            change.status == .applied || change.status == .cancelled || change.supported == false
        }
    }

    /// The test-only stop (`testHangAfter`): waits until the task is cancelled or the process killed.
    private func hangForTests(after written: Int) async throws {
        guard let stop = testHangAfter, stop == written else { return }
        logger.warning("PORTICO_TEST_APPLY_HANG_AFTER: apply stopped for the test", metadata: ["written": "\(written)"])
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
}
