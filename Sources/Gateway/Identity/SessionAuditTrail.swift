import Logging
import PorticoRedis
import PorticoService

/// Where the end of sessions is put on record, through the one `AuditTrail`: who ended whose
/// sessions, from where (never a token), on `auth.session.audit_stream`. A stream that refuses
/// the entry is logged at error with the whole event; the sessions are ended all the same.
struct SessionAuditTrail: Sendable {
    /// What happened.
    enum Action: String, Sendable {
        /// A person signed out of their own session.
        case logout
        /// An administrator ended every session of a user.
        case revokeUser = "revoke_user"
    }

    let redis: RedisClient
    let stream: String
    /// Where the chain goes on from when Redis lost its head.
    var archive: AuditArchive?
    /// The stream is trimmed to about this many entries.
    var maxLength = 100_000

    /// Records with the request's logger, so the log line carries its request id.
    func record(_ action: Action, actor: String, user: String, client: String?, now: Int64, logger: Logger) async {
        let fields = [
            AuditField("action", action.rawValue), AuditField("actor", actor), AuditField("user", user),
            AuditField("client", client ?? "unknown"), AuditField("time", String(now)),
        ]
        let trail = AuditTrail(redis: redis, stream: stream, maxLength: maxLength, archive: archive, logger: logger)
        // A stream that is down leaves the whole event in the error log; the session ends all the same.
        _ = try? await trail.record(AuditEvent(summary: "session \(action.rawValue)", fields: fields))
    }
}
