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
    /// Permission templates and auto-approval rules in force (file and dynamic configuration).
    let selfService: SelfServiceInForce
    /// Who is applying what (Redis leases), for the recovery pass.
    let claims: ApplyClaims
    let logger: Logger
    let now: @Sendable () -> Date
    /// Test-only (`PORTICO_TEST_APPLY_HANG_AFTER`, honoured in `environment: dev` only): an apply
    /// stops for good after this many changes were written (0: right after its claim), so a test
    /// can kill the process mid-apply.
    var testHangAfter: Int?

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
