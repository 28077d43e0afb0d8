import Logging
import PorticoRedis

/// Where the end of sessions is put on record: a log line at info (who ended whose sessions,
/// from where; never a token) and an entry on a capped Redis stream (`auth.session.audit_stream`),
/// as the credential service records issuances. A stream that refuses the entry is logged at
/// error with the whole event; the sessions are ended all the same.
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
    /// The stream is trimmed to about this many entries.
    var maxLength = 100_000

    func record(_ action: Action, actor: String, user: String, client: String?, now: Int64, logger: Logger) async {
        let fields: [(String, String)] = [
            ("action", action.rawValue), ("actor", actor), ("user", user), ("client", client ?? "unknown"),
            ("time", String(now)),
        ]
        var metadata: Logger.Metadata = [:]
        for (name, value) in fields { metadata["audit.\(name)"] = .string(value) }
        var command: [RedisArgument] = ["XADD", RedisArgument(stream), "MAXLEN", "~", RedisArgument(maxLength), "*"]
        for (name, value) in fields { command += [RedisArgument(name), RedisArgument(value)] }
        do {
            let reply = try await redis.send(command)
            metadata["audit.stream_id"] = .string(reply.string ?? "\(reply)")
            logger.info("session \(action.rawValue)", metadata: metadata)
        } catch {
            metadata["error"] = .string("\(error)")
            logger.error("session audit event not stored: session \(action.rawValue)", metadata: metadata)
        }
    }
}
