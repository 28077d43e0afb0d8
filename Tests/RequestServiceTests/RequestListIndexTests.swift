import Foundation
import PorticoAPI
import PorticoRedis
import PorticoTestSupport
import Testing

@testable import RequestService

/// The list index behind `POST /api/v2/requests`: filters as plain text or regular expressions,
/// and a filtered page that sees every write at once although each process keeps its rows.
@Suite struct RequestListIndexTests {
    static func request(_ number: Int, role: String, status: PolicyRequest.Status = .pending, by user: String = "alice@example.com") -> PolicyRequest {
        PolicyRequest(
            id: String(format: "req-%05d", number), principal: PolicyRequestPrincipal(principalARN: "arn:aws:iam::111111111111:role/\(role)"),
            timestamp: ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: 1_700_000_000 + Double(number))),
            justification: "ticket \(number)", requesterEmail: user, status: status, changes: [], lastUpdated: 1_700_000_000 + number)
    }

    static func arnFilter(_ pattern: String) throws -> (PolicyRequestRow) -> Bool {
        try PolicyRequests.test(column: "arn", filter: .string(pattern))
    }

    @Test func plainTextFiltersAreCaseInsensitiveSubstringsPrefixesSuffixesOrWholeValues() throws {
        #expect(RequestRowPattern("Role/Web")?.matches("arn:aws:iam::1:role/web-admin") == true)
        #expect(RequestRowPattern("^arn:aws:iam::1:")?.matches("arn:aws:iam::1:role/web") == true)
        #expect(RequestRowPattern("^role/")?.matches("arn:aws:iam::1:role/web") == false)
        #expect(RequestRowPattern("web$")?.matches("arn:aws:iam::1:role/WEB") == true)
        #expect(RequestRowPattern("web$")?.matches("arn:aws:iam::1:role/web-admin") == false)
        #expect(RequestRowPattern("^abc$")?.matches("ABC") == true)
        #expect(RequestRowPattern("^abc$")?.matches("abcd") == false)
    }

    @Test func anythingElseIsARegularExpressionAndAMalformedOneIsRefused() throws {
        #expect(RequestRowPattern("role/web-(admin|reader)$")?.matches("arn:aws:iam::1:role/web-reader") == true)
        #expect(RequestRowPattern("ticket 1[0-9]*7")?.matches("Ticket 1207") == true)
        #expect(RequestRowPattern("a.c")?.matches("abc") == true, "a dot is a regular expression's, not a literal")
        #expect(RequestRowPattern("role/(web") == nil)
        #expect(throws: PolicyRequestProblem.self) { _ = try Self.arnFilter("role/(web") }
        #expect(throws: PolicyRequestProblem.self) { _ = try Self.arnFilter(String(repeating: "a", count: 513)) }
    }

    @Test func aFilteredPageSeesEveryWriteAndARebuildAtOnce() async throws {
        let server = try await RedisServer.start()
        defer { server.stop() }
        let redis = RedisClient(configuration: RedisConfiguration(host: server.host, port: server.port), logger: RequestStack.logger("index"))
        defer { Task { await redis.shutdown() } }
        let index = RequestListIndex(redis: redis, prefix: "test:requests")
        for number in 0..<30 { try await index.put(Self.request(number, role: number % 3 == 0 ? "web-admin" : "reader")) }

        let first = try await index.page(source: .all, limit: 4, cursor: 0, ascending: false, matches: try Self.arnFilter("web-admin$"))
        #expect(first.filtered == 10)
        #expect(first.rows.map(\.requestID) == ["req-00027", "req-00024", "req-00021", "req-00018"])
        #expect(first.next == 4)

        // A write is seen by the next filtered page (the snapshot is read again), in its source too.
        try await index.put(Self.request(27, role: "web-admin", status: .approved))
        try await index.put(Self.request(30, role: "web-admin"))
        let pending = try await index.page(source: .status("pending"), limit: 50, cursor: 0, ascending: false, matches: try Self.arnFilter("web-admin$"))
        #expect(pending.filtered == 10)
        #expect(pending.rows.first?.requestID == "req-00030")
        #expect(!pending.rows.contains { $0.requestID == "req-00027" })
        let oldestFirst = try await index.page(source: .user("ALICE@example.com"), limit: 2, cursor: 0, ascending: true, matches: try Self.arnFilter("web"))
        #expect(oldestFirst.rows.map(\.requestID) == ["req-00000", "req-00003"])

        // After a flush and a rebuild from fewer requests, the old rows are not served again.
        _ = try await redis.send("FLUSHALL")
        try await index.rebuild(from: (0..<3).map { Self.request($0, role: "web-admin") })
        let rebuilt = try await index.page(source: .all, limit: 50, cursor: 0, ascending: false, matches: try Self.arnFilter("web-admin"))
        #expect(rebuilt.rows.map(\.requestID) == ["req-00002", "req-00001", "req-00000"])
    }
}
