import Foundation
import PorticoRedis
import PorticoService
import PorticoTestSupport
import Testing

extension AuditServerTests {
    /// `audit verify` walks the archive then the stream and names the first edit, deletion or
    /// reordering.
    @Suite struct Verifier {
        /// 12 events archived as objects of 5, 5 and 2; the stream trimmed to the last 3.
        func archived() async throws -> (AuditStage, String, AuditArchive, [AuditArchive.Object]) {
            let stage = try AuditStage.require()
            let (stream, prefix) = AuditStage.unique("verify")
            let archive = stage.archive(prefix: prefix)
            let archiver = stage.archiver(stream, archive: archive, maxLength: 3, perObject: 5)
            try await archiver.archivePass(AuditArchiver.Stream(name: stream, maxLength: 3))
            try await stage.record(12, on: stream)
            try await archiver.archivePass(AuditArchiver.Stream(name: stream, maxLength: 3))
            let objects = try await archive.objects(stream: stream)
            try #require(objects.count == 3)
            try #require(try await stage.redis.xlen(RedisArgument(stream)) == 3)
            return (stage, stream, archive, objects)
        }

        /// Rewrites one object's lines with `change`.
        func tamper(_ stage: AuditStage, _ object: AuditArchive.Object, _ change: (inout [String]) throws -> Void) async throws {
            let body = try await stage.s3.getObject(bucket: AuditStage.bucket, key: object.key)
            var lines = String(decoding: body, as: UTF8.self).split(separator: "\n").map(String.init)
            try change(&lines)
            try await stage.s3.putObject(bucket: AuditStage.bucket, key: object.key, body: Array((lines.joined(separator: "\n") + "\n").utf8))
        }

        func decode(_ line: String) throws -> ChainedAuditEvent {
            try JSONDecoder().decode(ChainedAuditEvent.self, from: Data(line.utf8))
        }

        func encode(_ event: ChainedAuditEvent) throws -> String {
            String(decoding: try JSONEncoder().encode(event), as: UTF8.self)
        }

        @Test func anUntouchedArchiveAndStreamAreWhole() async throws {
            let (stage, stream, archive, _) = try await archived()
            let verification = try await stage.verify(stream, archive: archive)
            #expect(verification.problem == nil)
            #expect(verification.lastSeq == 12)
        }

        @Test func anEditedEventIsReportedAsAltered() async throws {
            let (stage, stream, archive, objects) = try await archived()
            try await tamper(stage, objects[1]) { lines in
                var event = try decode(lines[1])
                event.fields[0] = AuditField("user", "mallory@example.com")
                lines[1] = try encode(event)
            }
            let problem = try await stage.verify(stream, archive: archive).problem
            #expect(problem == .altered(seq: 7, location: "s3://\(AuditStage.bucket)/\(objects[1].key) line 2"))
        }

        @Test func anEditedAndReHashedEventBreaksTheNextLink() async throws {
            let (stage, stream, archive, objects) = try await archived()
            try await tamper(stage, objects[1]) { lines in
                let original = try decode(lines[1])
                var fields = original.fields
                fields[0] = AuditField("user", "mallory@example.com")
                lines[1] = try encode(ChainedAuditEvent(seq: original.seq, prev: original.prev, at: original.at, fields: fields))
            }
            let problem = try await stage.verify(stream, archive: archive).problem
            #expect(problem == .brokenLink(seq: 8, location: "s3://\(AuditStage.bucket)/\(objects[1].key) line 3"))
        }

        @Test func aDeletedEventIsReportedAsAGap() async throws {
            let (stage, stream, archive, objects) = try await archived()
            try await tamper(stage, objects[0]) { lines in lines.remove(at: 2) }
            let problem = try await stage.verify(stream, archive: archive).problem
            #expect(problem == .gap(missing: 3...3, found: 4, location: "s3://\(AuditStage.bucket)/\(objects[0].key) line 3"))
        }

        @Test func swappedEventsAreReportedAsAReordering() async throws {
            let (stage, stream, archive, objects) = try await archived()
            try await tamper(stage, objects[1]) { lines in lines.swapAt(0, 1) }
            let problem = try await stage.verify(stream, archive: archive).problem
            #expect(problem == .reordering(seq: 7, expected: 6, location: "s3://\(AuditStage.bucket)/\(objects[1].key) line 1"))
        }

        @Test func aLineThatIsNoLongerAnEventIsReported() async throws {
            let (stage, stream, archive, objects) = try await archived()
            try await tamper(stage, objects[2]) { lines in lines[0] = "{\"seq\": \"oops\"" }
            let problem = try await stage.verify(stream, archive: archive).problem
            guard case .malformed(let location, _) = problem else { Issue.record("expected malformed, got \(String(describing: problem))"); return }
            #expect(location == "s3://\(AuditStage.bucket)/\(objects[2].key) line 1")
        }

        @Test func anEventDeletedFromTheStreamBeforeArchivingIsAGap() async throws {
            let stage = try AuditStage.require()
            let (stream, _) = AuditStage.unique("stream-gap")
            try await stage.record(5, on: stream)
            let entries = try await AuditStreamReader(redis: stage.redis, stream: stream).allEntries()
            try await stage.redis.xdel(RedisArgument(stream), ids: [entries[1].id])
            let problem = try await stage.verify(stream, archive: nil).problem
            #expect(problem == .gap(missing: 2...2, found: 3, location: "stream \(stream) entry \(entries[2].id)"))
        }

        @Test func aDeletedTailIsAGapAgainstTheChainHead() async throws {
            let stage = try AuditStage.require()
            let (stream, _) = AuditStage.unique("tail")
            try await stage.record(4, on: stream)
            let entries = try await AuditStreamReader(redis: stage.redis, stream: stream).allEntries()
            try await stage.redis.xdel(RedisArgument(stream), ids: [entries[3].id])
            let problem = try await stage.verify(stream, archive: nil).problem
            #expect(problem == .gap(missing: 4...4, found: nil, location: "the chain head says seq 4"))
        }
    }
}
