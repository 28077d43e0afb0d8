import Foundation
import PorticoAPI

extension PolicyRequests {
    /// Takes away what the request's applied temporary grants gave (`only`: one change), marks
    /// those changes cancelled, and when nothing granted is left marks the request `expired`.
    /// A removal that fails keeps its change applied with the failure, to be retried.
    func endAccess(
        _ request: PolicyRequest, by user: String, only: String?, expired: Bool
    ) async throws -> (request: PolicyRequest, results: [PolicyRequestActionResult]) {
        var request = request
        var results: [PolicyRequestActionResult] = []
        for index in request.changes.changes.indices {
            let change = request.changes.changes[index]
            guard change.status == .applied, change.expiresAt != nil else { continue }
            if let only, change.id != only { continue }
            if expired, let end = change.expiresAt.flatMap({ ISO8601DateFormatter().date(from: $0) }), end > now() { continue }
            do {
                try await applier.remove(change)
                request.changes.changes[index].status = .cancelled
                request.changes.changes[index].failure = nil
                request.changes.changes[index].updatedBy = user
                results.append(.success("access of \(change.id ?? "") ended"))
                metrics.grantsRemoved.increment()
                try? await inventory.refresh((try? applier.target(of: change).arn) ?? change.principal.principalARN)
            } catch {
                request.changes.changes[index].failure = "removal failed: " + ChangeApplier.message(error)
                results.append(.error("\(change.id ?? ""): \(ChangeApplier.message(error))"))
                metrics.grantRemovalFailed.increment()
            }
        }
        guard !results.isEmpty else {
            throw PolicyRequestProblem.badRequest("no applied temporary grant to end\(only.map { " with id \($0)" } ?? "")")
        }
        let grantsLeft = request.changes.changes.contains { $0.status == .applied && $0.expiresAt != nil }
        if !grantsLeft, request.changes.changes.allSatisfy({ $0.status != .applied }) { request.requestStatus = .expired }
        request = try await save(request)
        try await audit.record(expired ? "expire" : "end_access", by: user, request: request)
        if request.requestStatus == .expired { notifications.decided(request, by: user) }
        return (request, results)
    }
}
