import Logging
import PorticoRedis
import PorticoService
import PorticoTestSupport
import Testing

extension AuditServerTests {
    /// Every event of a stream gets the next sequence number and the SHA-256 of the event
    /// before it, whichever writer records it.
    @Suite struct Chain {
        @Test func eachEventLinksToTheHashOfTheOneBeforeWithTheNextSequenceNumber() async throws {
            let stage = try AuditStage.require()
            let (stream, _) = AuditStage.unique("chain")
            try await stage.record(3, on: stream)

            let events = try await AuditStreamReader(redis: stage.redis, stream: stream).allEntries().compactMap(\.event)
            #expect(events.map(\.seq) == [1, 2, 3])
            #expect(events[0].prev == ChainedAuditEvent.genesis)
            #expect(events[1].prev == events[0].hash)
            #expect(events[2].prev == events[1].hash)
            #expect(events.allSatisfy { $0.recomputedHash == $0.hash && $0.hash.count == 64 })
            #expect(events.map { $0.value("n") } == ["0", "1", "2"])
        }

        @Test func aChangedFieldChangesTheHash() {
            let event = ChainedAuditEvent(seq: 1, prev: ChainedAuditEvent.genesis, at: 1, fields: [AuditField("user", "a")])
            var edited = event
            edited.fields = [AuditField("user", "b")]
            #expect(edited.recomputedHash != event.hash)
            // Field boundaries are part of the hash: moving text between name and value shows.
            let shifted = ChainedAuditEvent(seq: 1, prev: ChainedAuditEvent.genesis, at: 1, fields: [AuditField("use", "ra")])
            #expect(shifted.hash != event.hash)
        }

        @Test func twoWritersAtOnceNeverForkTheChain() async throws {
            let stage = try AuditStage.require()
            let (stream, _) = AuditStage.unique("writers")
            let logger = Logger(label: "portico.audit.tests") { _ in SwiftLogNoOpLogHandler() }
            // Two replicas: each its own Redis client (own connections), several events in flight each.
            let clients = (0..<2).map { _ in
                RedisClient(
                    configuration: RedisConfiguration(
                        host: stage.redisServer.host, port: stage.redisServer.port, db: 0, password: nil, poolSize: 4),
                    logger: logger)
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (writer, client) in clients.enumerated() {
                    let trail = stage.trail(stream, redis: client)
                    for lane in 0..<4 {
                        group.addTask {
                            for index in 0..<15 {
                                try await trail.record(AuditEvent(
                                    summary: "test", fields: [AuditField("writer", "\(writer)-\(lane)-\(index)")]))
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            for client in clients { await client.shutdown() }

            let verification = try await stage.verify(stream, archive: nil)
            #expect(verification.problem == nil)
            #expect(verification.lastSeq == 120)
            let events = try await AuditStreamReader(redis: stage.redis, stream: stream).allEntries().compactMap(\.event)
            #expect(Set(events.compactMap { $0.value("writer") }).count == 120)
            #expect(events.map(\.seq) == Array(1...120))
        }
    }
}
