import Logging
import PorticoRedis
import PorticoService
import PorticoTestSupport
import Testing

/// The one audit writer: an event lands on the stream with its fields in order and is logged;
/// a stream that is down throws `AuditUnavailable` and leaves the whole event in the error log.
@Suite struct AuditTrailTests {
    @Test func aStoredEventKeepsItsFieldsInOrderAndIsLoggedWithItsEntryID() async throws {
        let server = try await RedisServer.start()
        defer { server.stop() }
        let log = LogRecorder()
        let redis = RedisClient(
            configuration: RedisConfiguration(host: server.host, port: server.port, db: 0, password: nil), logger: log.logger)
        let trail = AuditTrail(redis: redis, stream: "portico:audit:test", maxLength: 100, logger: log.logger)
        let event = AuditEvent(
            summary: "request approve",
            fields: [AuditField("action", "approve"), AuditField("actor", "bob@example.com"), AuditField("request_id", "r-1")])

        let id = try await trail.record(event)

        let reply = try await redis.send("XRANGE", "portico:audit:test", "-", "+")
        let entries = reply.array ?? []
        #expect(entries.count == 1)
        #expect(entries.first?.array?.first?.string == id)
        let values = (entries.first?.array?.last?.array ?? []).map { $0.string ?? "" }
        #expect(values == ["action", "approve", "actor", "bob@example.com", "request_id", "r-1"])
        #expect(log.lines.contains { $0.hasPrefix("info request approve") })
        await redis.shutdown()
    }

    @Test func aStreamThatIsDownThrowsAndTheWholeEventIsInTheErrorLog() async throws {
        let closed = try ClosedPort()
        defer { closed.close() }
        let log = LogRecorder()
        let redis = RedisClient(
            configuration: RedisConfiguration(host: "127.0.0.1", port: closed.port, db: 0, password: nil), logger: log.logger)
        let trail = AuditTrail(redis: redis, stream: "portico:audit:test", maxLength: 100, logger: log.logger)

        await #expect(throws: AuditUnavailable.self) {
            try await trail.record(AuditEvent(summary: "role delete", fields: [AuditField("role", "arn:aws:iam::1:role/x")]))
        }
        let failure = log.recorded.first { $0.level == .error }
        #expect(failure?.text.hasPrefix("Audit event not stored: role delete") == true)
        #expect(failure?.text.contains("audit.role=arn:aws:iam::1:role/x") == true)
        await redis.shutdown()
    }
}
