public import Logging
public import PorticoRedis

/// One named value of an audit event. Values are never secrets: an access key *id* may be
/// recorded, a secret key, session token or sign-in token never.
public struct AuditField: Sendable, Equatable {
    public let name: String
    public let value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// Something that happened, as it goes on record: a one-line summary for the log and the
/// ordered fields stored in the stream entry.
public struct AuditEvent: Sendable, Equatable {
    /// What the log line says, e.g. `credential credentials issued` or `request approve`.
    public var summary: String
    public var fields: [AuditField]

    public init(summary: String, fields: [AuditField]) {
        self.summary = summary
        self.fields = fields
    }
}

/// The audit stream refused an event (Redis down, or an unexpected answer). The event itself is
/// in the error log by then.
public struct AuditUnavailable: Error, Sendable, CustomStringConvertible {
    public let reason: String

    public var description: String { "audit stream unavailable: \(reason)" }
}

/// The one writer of audit events: every credential issuance, session end, policy request step,
/// role change and configuration change is put on record here. An event goes to a capped Redis
/// stream (`XADD … MAXLEN ~ n`) that tools and the web UI read, and to the log: at info once
/// stored, at error with the whole event when the stream refused it, so the log still holds it.
///
/// Whether a refused event stops the action is the caller's decision: credential issuance fails
/// closed on `AuditUnavailable`; ending a session goes ahead all the same.
public struct AuditTrail: Sendable {
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

    /// Appends the event to the stream and logs it; returns the stream entry id.
    @discardableResult
    public func record(_ event: AuditEvent) async throws(AuditUnavailable) -> String {
        var metadata: Logger.Metadata = [:]
        for field in event.fields { metadata["audit.\(field.name)"] = .string(field.value) }

        var command: [RedisArgument] = ["XADD", RedisArgument(stream), "MAXLEN", "~", RedisArgument(maxLength), "*"]
        for field in event.fields { command += [RedisArgument(field.name), RedisArgument(field.value)] }
        let failure: String
        do {
            let reply = try await redis.send(command)
            if let id = reply.string {
                metadata["audit.stream_id"] = .string(id)
                logger.info("\(event.summary)", metadata: metadata)
                return id
            }
            failure = "XADD answered \(reply)"
        } catch {
            failure = "\(error)"
        }
        metadata["error"] = .string(failure)
        logger.error("Audit event not stored: \(event.summary)", metadata: metadata)
        throw AuditUnavailable(reason: failure)
    }
}
