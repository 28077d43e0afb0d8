import PorticoAPI
import PorticoService

/// The audit events of policy requests, on the credentials' stream (`aws.audit`): every create,
/// comment, decision, apply, failure, expiry and early end, with who, the request id, and the
/// before/after document hashes of each change applied.
struct RequestAudit: Sendable {
    let trail: AuditTrail

    func record(_ action: String, by user: String, request: PolicyRequest, change: PolicyRequestChange? = nil, detail: String? = nil) async throws {
        var fields = [
            AuditField("event", "policy_request.\(action)"), AuditField("user", user), AuditField("request_id", request.id),
            AuditField("principal", request.principal.principalARN), AuditField("status", request.requestStatus.rawValue),
        ]
        if let change {
            fields.append(AuditField("change_id", change.id ?? ""))
            fields.append(AuditField("change_type", change.changeType))
            fields.append(AuditField("change_status", change.status?.rawValue ?? ""))
            fields.append(AuditField("before_sha256", change.oldPolicy.map { DocumentHash.of($0.policyDocument) } ?? ""))
            fields.append(AuditField("after_sha256", change.policy.map { DocumentHash.of($0.policyDocument) } ?? ""))
            if let failure = change.failure { fields.append(AuditField("failure", String(failure.prefix(500)))) }
        }
        if let detail { fields.append(AuditField("detail", detail)) }
        try await trail.record(AuditEvent(summary: "policy request \(action) by \(user)", fields: fields))
    }
}
