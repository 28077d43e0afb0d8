import Logging
import PorticoRedis
import PorticoService
import PorticoTestSupport
import ServiceLifecycle
import Testing

extension AuditServerTests {
    /// The archiver copies events to S3 before the stream is trimmed past them.
    @Suite struct Archiver {
        @Test func trimmingNeverLosesAnEvent() async throws {
            let stage = try AuditStage.require()
            let (stream, prefix) = AuditStage.unique("trim")
            let archive = stage.archive(prefix: prefix)
            let archiver = stage.archiver(stream, archive: archive, maxLength: 10, perObject: 70)
            // The first pass marks the stream: from then on writers stop trimming by length.
            #expect(try await archiver.archivePass(AuditArchiver.Stream(name: stream, maxLength: 10)) == 0)
            try await stage.record(250, on: stream)
            #expect(try await stage.redis.xlen(RedisArgument(stream)) == 250)

            #expect(try await archiver.archivePass(AuditArchiver.Stream(name: stream, maxLength: 10)) == 250)
            #expect(try await stage.redis.xlen(RedisArgument(stream)) == 10)
            try await stage.record(30, on: stream)
            #expect(try await archiver.archivePass(AuditArchiver.Stream(name: stream, maxLength: 10)) == 30)
            #expect(try await stage.redis.xlen(RedisArgument(stream)) == 10)

            var archived: [Int] = []
            let objects = try await archive.objects(stream: stream)
            #expect(objects.count == 5)  // 70 + 70 + 70 + 40, then 30
            for object in objects {
                for line in try await archive.lines(of: object) {
                    if case .event(let event) = line { archived.append(event.seq) }
                }
            }
            #expect(archived == Array(1...280))
            let verification = try await stage.verify(stream, archive: archive)
            #expect(verification.problem == nil)
            #expect(verification.lastSeq == 280)
            #expect(verification.archivedEvents == 280)
        }

        @Test func aChainWhoseHeadRedisLostGoesOnFromTheArchive() async throws {
            let stage = try AuditStage.require()
            let (stream, prefix) = AuditStage.unique("reseed")
            let archive = stage.archive(prefix: prefix)
            let archiver = stage.archiver(stream, archive: archive, maxLength: 5)
            _ = try await archiver.archivePass(AuditArchiver.Stream(name: stream, maxLength: 5))
            try await stage.record(20, on: stream)
            #expect(try await archiver.archivePass(AuditArchiver.Stream(name: stream, maxLength: 5)) == 20)

            // Redis loses this stream's keys (as a flush does); writers with the archive go on.
            let keys = AuditKeys(stream: stream)
            _ = try await stage.redis.send(["DEL", keys.streamKey, keys.head, keys.archived])
            let trail = stage.trail(stream, archive: archive)
            for index in 0..<3 {
                try await trail.record(AuditEvent(summary: "after the flush", fields: [AuditField("n", String(index))]))
            }
            let verification = try await stage.verify(stream, archive: archive)
            #expect(verification.problem == nil, "\(String(describing: verification.problem))")
            #expect(verification.lastSeq == 23)

            // Without the archive the chain would start again at 1: the verifier says so.
            let (other, otherPrefix) = AuditStage.unique("restart")
            let otherArchive = stage.archive(prefix: otherPrefix)
            let otherArchiver = stage.archiver(other, archive: otherArchive, maxLength: 5)
            _ = try await otherArchiver.archivePass(AuditArchiver.Stream(name: other, maxLength: 5))
            try await stage.record(20, on: other)
            _ = try await otherArchiver.archivePass(AuditArchiver.Stream(name: other, maxLength: 5))
            let otherKeys = AuditKeys(stream: other)
            _ = try await stage.redis.send(["DEL", otherKeys.streamKey, otherKeys.head, otherKeys.archived])
            try await stage.record(3, on: other)
            #expect(try await stage.verify(other, archive: otherArchive).problem != nil)
        }

        @Test func twoRunningArchiversArchiveEveryEventOnceBetweenThem() async throws {
            let stage = try AuditStage.require()
            let (stream, prefix) = AuditStage.unique("running")
            let archive = stage.archive(prefix: prefix)
            let logger = Logger(label: "portico.audit.tests") { _ in SwiftLogNoOpLogHandler() }
            let archivers = ["a", "b"].map { holder in
                AuditArchiver(
                    redis: stage.redis, archive: archive, streams: [AuditArchiver.Stream(name: stream, maxLength: 5)],
                    interval: .milliseconds(200), holder: holder, leaseDuration: .seconds(3), logger: logger)
            }
            let group = ServiceGroup(services: archivers, logger: logger)
            let running = Task { try await group.run() }
            try await stage.record(40, on: stream)
            let keys = AuditKeys(stream: stream)
            let deadline = ContinuousClock.now + .seconds(30)
            while try await stage.redis.hget(keys.archived, "seq").flatMap({ Int(String(decoding: $0, as: UTF8.self)) }) != 40 {
                try #require(ContinuousClock.now < deadline, "the archivers did not archive the 40 events in 30 s")
                try await Task.sleep(for: .milliseconds(50))
            }
            await group.triggerGracefulShutdown()
            try await running.value

            var archived: [Int] = []
            for object in try await archive.objects(stream: stream) {
                for line in try await archive.lines(of: object) {
                    if case .event(let event) = line { archived.append(event.seq) }
                }
            }
            #expect(archived == Array(1...40))
            #expect(try await stage.verify(stream, archive: archive).problem == nil)
            // Given up on shutdown: the next archiver need not wait for it to run out.
            #expect(try await stage.redis.get(RedisArgument(AuditKeys.archiverLease)) == nil)
        }

        @Test func withoutAnArchiveTheWriterStillTrimsByLength() async throws {
            let stage = try AuditStage.require()
            let (stream, _) = AuditStage.unique("unarchived")
            let trail = stage.trail(stream, maxLength: 100)
            for index in 0..<400 { try await trail.record(AuditEvent(summary: "test", fields: [AuditField("n", String(index))])) }
            #expect(try await stage.redis.xlen(RedisArgument(stream)) < 400)
        }
    }
}
