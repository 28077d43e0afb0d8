public import Logging
public import PorticoRedis
public import PorticoService

/// Where every credential issuance and refusal is put on record, through the one `AuditTrail`
/// (the log, and the capped Redis stream that tools and the web UI read).
///
/// Issuance is fail-closed: when an issued event cannot be stored, `record` throws and the broker
/// withholds the credentials. Refusals are logged even when the stream is down.
public struct CredentialAuditTrail: Sendable {
    private let trail: AuditTrail

    public var stream: String { trail.stream }
    /// The stream is trimmed to about this many entries.
    public var maxLength: Int { trail.maxLength }

    public init(redis: RedisClient, stream: String, maxLength: Int, archive: AuditArchive? = nil, logger: Logger) {
        trail = AuditTrail(redis: redis, stream: stream, maxLength: maxLength, archive: archive, logger: logger)
    }

    /// Appends the event to the stream and logs it; returns the stream entry id.
    @discardableResult
    public func record(_ event: CredentialAuditEvent) async throws(CredentialBrokerError) -> String {
        let entry = AuditEvent(
            summary: "credential \(event.action.rawValue) \(event.outcome.rawValue)",
            fields: event.fields.map { AuditField($0.name, $0.value) })
        do {
            return try await trail.record(entry)
        } catch {
            throw .auditUnavailable(error.reason)
        }
    }
}
