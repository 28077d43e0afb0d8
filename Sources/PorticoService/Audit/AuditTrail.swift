public import Logging
public import PorticoRedis
#if canImport(Glibc)
import Glibc
#endif

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
/// role change and configuration change is put on record here. An event goes to a Redis stream
/// that tools and the web UI read, and to the log: at info once stored, at error with the whole
/// event when the stream refused it, so the log still holds it.
///
/// Each stream is one tamper-evident chain (`ChainedAuditEvent`): every event gets the next
/// sequence number and the SHA-256 of the event before it. The writer reads the chain head,
/// hashes in Swift, and appends with a script that refuses when another writer (any replica,
/// any service) moved the head meanwhile; it then reads the head again and retries. The stream
/// is trimmed to about `maxLength` entries: by the writer while no `AuditArchiver` runs, by the
/// archiver (only past what it copied to S3) once one does.
///
/// With the archive (`archive`), a chain whose head Redis lost (a flush, a new Redis) goes on
/// from the last archived event instead of starting again at 1, so `audit verify` sees one chain
/// (and a gap, honestly, for events that were in Redis only).
///
/// Whether a refused event stops the action is the caller's decision: credential issuance fails
/// closed on `AuditUnavailable`; ending a session goes ahead all the same.
public struct AuditTrail: Sendable {
    public let stream: String
    /// The stream is trimmed to about this many entries.
    public let maxLength: Int
    private let redis: RedisClient
    private let logger: Logger
    private let keys: AuditKeys
    private let archive: AuditArchive?
    /// Attempts when other writers keep moving the head.
    static let maxAttempts = 100

    public init(redis: RedisClient, stream: String, maxLength: Int, archive: AuditArchive? = nil, logger: Logger) {
        self.redis = redis
        self.archive = archive
        self.stream = stream
        self.maxLength = max(1, maxLength)
        self.logger = logger
        self.keys = AuditKeys(stream: stream)
    }

    /// Appends the event to the chain and logs it; returns the stream entry id.
    @discardableResult
    public func record(_ event: AuditEvent) async throws(AuditUnavailable) -> String {
        var metadata: Logger.Metadata = [:]
        for field in event.fields { metadata["audit.\(field.name)"] = .string(field.value) }
        let failure: String
        do {
            if let (id, chained) = try await append(event) {
                metadata["audit.stream_id"] = .string(id)
                metadata["audit.seq"] = .string(String(chained.seq))
                logger.info("\(event.summary)", metadata: metadata)
                return id
            }
            failure = "the chain head kept moving (\(Self.maxAttempts) attempts)"
        } catch {
            failure = "\(error)"
        }
        metadata["error"] = .string(failure)
        logger.error("Audit event not stored: \(event.summary)", metadata: metadata)
        throw AuditUnavailable(reason: failure)
    }

    /// Reads the head, links the event to it and appends it unless the head moved; nil after
    /// `maxAttempts` conflicts.
    private func append(_ event: AuditEvent) async throws -> (String, ChainedAuditEvent)? {
        for attempt in 0..<Self.maxAttempts {
            let head = try await redis.send(["HMGET", keys.head, "seq", "hash"]).array ?? []
            if head.first?.isNull ?? true, let archive, let last = await lastArchived(archive) {
                _ = try await redis.evaluate(
                    AuditScripts.seedHead, keys: [keys.head], arguments: [RedisArgument(last.seq), RedisArgument(last.hash)])
                continue
            }
            let seq = head.first?.int.map(Int.init) ?? 0
            let prev = head.count > 1 ? (head[1].string ?? ChainedAuditEvent.genesis) : ChainedAuditEvent.genesis
            let chained = ChainedAuditEvent(seq: seq + 1, prev: prev, at: Self.nowMilliseconds(), fields: event.fields)
            var arguments: [RedisArgument] = [
                RedisArgument(seq), RedisArgument(chained.seq), RedisArgument(chained.hash), RedisArgument(maxLength),
            ]
            for field in chained.streamFields { arguments += [RedisArgument(field.name), RedisArgument(field.value)] }
            let reply = try await redis.evaluate(
                AuditScripts.append, keys: [keys.streamKey, keys.head, keys.archived], arguments: arguments)
            if let id = reply.string { return (id, chained) }
            guard reply.isNull else { throw RedisError.protocol("audit append answered \(reply)") }
            // Another writer linked first: back off a little (more with each conflict) and retry.
            try? await Task.sleep(for: .microseconds(Int.random(in: 0...(200 * min(attempt + 1, 20)))))
        }
        return nil
    }

    /// The archive's last event; nil, with a warning, when the archive cannot be read: the chain
    /// then starts again (the verifier reports the break) rather than refusing every event.
    private func lastArchived(_ archive: AuditArchive) async -> ChainedAuditEvent? {
        do {
            return try await archive.lastEvent(stream: stream)
        } catch {
            logger.warning("the audit chain's head is gone and the archive cannot be read; the chain starts again", metadata: [
                "audit.stream": .string(stream), "error": .string(String(describing: error).prefix(300).description),
            ])
            return nil
        }
    }

    static func nowMilliseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }
}
