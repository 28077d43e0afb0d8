import Foundation
import Logging
import PorticoAPI

/// Policy requests end to end: creation with validation and cross-account policies, the list
/// and detail reads, and the lifecycle commands with their authorization, over the table, the
/// list index, the applier, the audit trail and the notifications.
struct PolicyRequests: Sendable {
    let store: PolicyRequestStore
    let index: RequestListIndex
    let expiries: GrantExpirySchedule
    let validation: ChangeValidation
    let crossAccount: CrossAccountPolicies
    let applier: ChangeApplier
    let inventory: InventoryLookup
    let authorization: RequestAuthorization
    let audit: RequestAudit
    let notifications: RequestNotifications
    let metrics: RequestMetrics
    let logger: Logger
    let now: @Sendable () -> Date
    /// How long an apply claim holds before another reviewer may take the apply over.
    var claimTimeout: TimeInterval = 300

    var epochNow: Int { Int(now().timeIntervalSince1970) }
    var isoNow: String { ISO8601DateFormatter().string(from: now()) }

    /// Stores `request` as its next revision and updates the list at once.
    func save(_ request: PolicyRequest) async throws -> PolicyRequest {
        var next = request
        next.lastUpdated = epochNow
        let stored = try await store.replace(next)
        try await index.put(stored)
        try await expiries.track(stored)
        return stored
    }
}
