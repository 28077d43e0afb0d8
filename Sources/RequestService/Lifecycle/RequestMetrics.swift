import Metrics

/// The service's counters: requests created, changes applied and failed, grants removed and
/// removals failing, notifications sent and failing.
struct RequestMetrics: Sendable {
    let created = Counter(label: "portico_policy_requests_created_total")
    let applied = Counter(label: "portico_policy_changes_applied_total")
    let applyFailed = Counter(label: "portico_policy_changes_apply_failed_total")
    let grantsRemoved = Counter(label: "portico_policy_grants_removed_total")
    let grantRemovalFailed = Counter(label: "portico_policy_grant_removals_failed_total")
    let notificationsSent = Counter(label: "portico_policy_notifications_sent_total")
    let notificationsFailed = Counter(label: "portico_policy_notifications_failed_total")
}
