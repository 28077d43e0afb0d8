import Foundation
public import Logging
public import PorticoConfig
public import PorticoRedis
public import ServiceLifecycle

/// Copies every audit stream's chained events to the S3 archive before the stream is trimmed
/// past them. One archiver works at a time (a `RedisLease`, whichever replica takes it); each
/// pass writes one object per stream holding the events since the last pass, moves the
/// stream's archive mark past them, and only then trims the stream to about its maximum length,
/// never past the mark. So an event is in the archive, the stream, or both — never in neither.
public struct AuditArchiver: Service {
    /// One stream the archiver looks after, and the length it is trimmed to.
    public struct Stream: Sendable {
        public var name: String
        public var maxLength: Int

        public init(name: String, maxLength: Int) {
            self.name = name
            self.maxLength = maxLength
        }
    }

    let redis: RedisClient
    let archive: AuditArchive
    let streams: [Stream]
    let interval: Duration
    let maxEventsPerObject: Int
    let lease: RedisLease
    let logger: Logger

    public init(
        redis: RedisClient, archive: AuditArchive, streams: [Stream], interval: Duration, maxEventsPerObject: Int = 10_000,
        holder: String, leaseDuration: Duration = .seconds(30), logger: Logger
    ) {
        self.redis = redis
        self.archive = archive
        self.streams = streams
        self.interval = interval
        self.maxEventsPerObject = max(1, maxEventsPerObject)
        self.lease = RedisLease(redis: redis, key: AuditKeys.archiverLease, holder: holder, duration: leaseDuration)
        var logger = logger
        logger[metadataKey: "component"] = "audit-archiver"
        self.logger = logger
    }

    public func run() async throws {
        let holds = await cancelWhenGracefulShutdown { () async -> Bool in
            var holds = false
            // The lease is renewed every third of its duration; a pass runs once per interval
            // (and at once on taking the lease, so the streams are marked from the start).
            var lastPass: ContinuousClock.Instant?
            while !Task.isCancelled {
                do {
                    let now = holds ? try await lease.renew() : try await lease.acquire()
                    if now != holds {
                        logger.info(now ? "took the audit archiver lease" : "lost the audit archiver lease")
                        lastPass = nil
                    }
                    holds = now
                    if holds, lastPass.map({ ContinuousClock.now - $0 >= interval }) ?? true {
                        lastPass = .now
                        for stream in streams { try await archivePass(stream) }
                    }
                } catch {
                    logger.warning("audit archive pass failed; the stream keeps its events", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: min(interval, lease.duration / 3))
            }
            return holds
        }
        // Outside the cancelled scope, so the release reaches Redis: the next archiver need not
        // wait for the lease to run out.
        if holds { try? await lease.release() }
    }

    /// Archives what `stream` holds past its mark (one object per `maxEventsPerObject`), then
    /// trims it. Returns how many events were archived.
    @discardableResult
    public func archivePass(_ stream: Stream) async throws -> Int {
        let keys = AuditKeys(stream: stream.name)
        // The mark's presence tells writers to stop trimming by length: from now on only this
        // pass trims, and only what it archived.
        _ = try await redis.send(["HSETNX", keys.archived, "id", "0-0"])
        let reader = AuditStreamReader(redis: redis, stream: stream.name)
        var archived = 0
        while true {
            let mark = try await redis.send(["HMGET", keys.archived, "id", "seq"]).array ?? []
            let markID = mark.first?.string ?? "0-0"
            let entries = try await reader.entries(after: markID, count: maxEventsPerObject)
            guard let last = entries.last else { break }
            let events = entries.compactMap(\.event)
            if !events.isEmpty {
                let key = try await archive.write(stream: stream.name, events: events)
                logger.info("archived audit events", metadata: [
                    "stream": "\(stream.name)", "object": "\(key)", "events": "\(events.count)",
                ])
            }
            let lastSeq = events.last.map { String($0.seq) } ?? (mark.count > 1 ? mark[1].string ?? "0" : "0")
            let moved = try await redis.evaluate(
                AuditScripts.advanceMark, keys: [keys.archived],
                arguments: [RedisArgument(markID), RedisArgument(last.id), RedisArgument(lastSeq)])
            guard moved.int == 1 else { throw AuditArchiveError("the archive mark of \(stream.name) moved under this archiver") }
            archived += events.count
            if entries.count < maxEventsPerObject { break }
        }
        let removed = try await redis.evaluate(
            AuditScripts.trimArchived, keys: [keys.streamKey, keys.archived], arguments: [RedisArgument(stream.maxLength)])
        if let count = removed.int, count > 0 {
            logger.debug("trimmed archived audit events", metadata: ["stream": "\(stream.name)", "removed": "\(count)"])
        }
        return archived
    }
}

extension AuditArchiver {
    /// The streams configuration names: credentials (with requests, roles and config events)
    /// and sessions, each with its trimming length.
    public static func configuredStreams(_ configuration: PorticoConfiguration) -> [Stream] {
        [
            Stream(name: configuration.aws.audit.stream, maxLength: configuration.aws.audit.maxLength),
            Stream(name: configuration.auth.session.auditStream, maxLength: configuration.aws.audit.maxLength),
        ]
    }

    /// The archiver as a process runs it (beside the credential service): its own Redis and
    /// HTTP clients from configuration; nil when `audit.archive.bucket` is unset.
    public static func hosted(configuration: PorticoConfiguration, logger: Logger) -> (any Service)? {
        guard configuration.audit.archive.bucket != nil else { return nil }
        return HostedAuditArchiver(configuration: configuration, logger: logger)
    }
}

/// Runs an `AuditArchiver` on a `ServiceHost` of its own, so its clients close after it.
struct HostedAuditArchiver: Service {
    let configuration: PorticoConfiguration
    let logger: Logger

    func run() async throws {
        try await ServiceHost.run(.credentials, configuration: configuration, logger: logger) { host in
            guard let archive = AuditArchive.configured(configuration, http: host.httpClient(), logger: logger) else { return [] }
            return [AuditArchiver(
                redis: host.redis(poolSize: 2), archive: archive, streams: AuditArchiver.configuredStreams(configuration),
                interval: .seconds(configuration.audit.archive.interval),
                maxEventsPerObject: configuration.audit.archive.maxEventsPerObject,
                holder: "archiver-\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))",
                logger: logger)]
        }
    }
}
