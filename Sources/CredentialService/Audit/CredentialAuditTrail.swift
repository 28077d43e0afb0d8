public import Logging
public import PorticoRedis

/// Where every credential issuance and refusal is put on record: a structured log line at info,
/// and an entry on a capped Redis stream (`XADD … MAXLEN ~ n`) that tools and the web UI read.
///
/// Issuance is fail-closed: when an issued event cannot be stored, `record` throws and the broker
/// withholds the credentials. Refusals are logged even when the stream is down.
public struct CredentialAuditTrail: Sendable {
    public let stream: String
    /// The stream is trimmed to about this many entries.
    public let maxLength: Int
    private let redis: RedisClient
    private let logger: Logger

    public init(redis: RedisClient, stream: String, maxLength: Int, logger: Logger) {
        self.redis = redis
        self.stream = stream
        self.maxLength = max(1, maxLength)
        self.logger = logger
    }

    /// Appends the event to the stream and logs it (at info once stored, at error with the whole
    /// event when the stream refused it, so the log still holds it); returns the stream entry id.
    @discardableResult
    public func record(_ event: CredentialAuditEvent) async throws(CredentialBrokerError) -> String {
        let fields = event.fields
        var metadata: Logger.Metadata = [:]
        for field in fields { metadata["audit.\(field.name)"] = .string(field.value) }

        var command: [RedisArgument] = ["XADD", RedisArgument(stream), "MAXLEN", "~", RedisArgument(maxLength), "*"]
        for field in fields { command += [RedisArgument(field.name), RedisArgument(field.value)] }
        let failure: String
        do {
            let reply = try await redis.send(command)
            if let id = reply.string {
                metadata["audit.stream_id"] = .string(id)
                logger.info("credential \(event.action.rawValue) \(event.outcome.rawValue)", metadata: metadata)
                return id
            }
            failure = "XADD answered \(reply)"
        } catch {
            failure = "\(error)"
        }
        metadata["error"] = .string(failure)
        logger.error("Credential audit event not stored: credential \(event.action.rawValue) \(event.outcome.rawValue)", metadata: metadata)
        throw .auditUnavailable(failure)
    }
}
