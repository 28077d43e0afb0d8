import PorticoRedis
import PorticoTestSupport
import Testing

@Suite("Streams and consumer groups")
struct StreamCommandTests {
    let redis: RedisServer

    init() async throws {
        redis = try await RedisServer.start()
    }

    private func text(_ bytes: [UInt8]?) -> String? { bytes.map { String(decoding: $0, as: UTF8.self) } }

    @Test("entries added with XADD are delivered once to a group, in order, and stay pending until acknowledged")
    func deliverAndAcknowledge() async throws {
        try await withClient(.testing(redis)) { client throws in
            #expect(try await client.xgroupCreate("jobs", group: "workers"))
            #expect(try await client.xgroupCreate("jobs", group: "workers") == false, "a second create reports the group exists")
            let first = try await client.xadd("jobs", fields: [("account", "111111111111"), ("kind", "iam")])
            let second = try await client.xadd("jobs", fields: [("account", "222222222222"), ("kind", "s3")])
            #expect(try await client.xlen("jobs") == 2)

            let delivered = try await client.xreadgroup("jobs", group: "workers", consumer: "a", count: 10)
            #expect(delivered.map(\.id) == [first, second])
            #expect(delivered.first?.string("account") == "111111111111")
            #expect(text(delivered.last?["kind"]) == "s3")
            #expect(try await client.xreadgroup("jobs", group: "workers", consumer: "b", count: 10).isEmpty,
                    "an entry goes to one consumer only")

            let summary = try await client.xpending("jobs", group: "workers")
            #expect(summary.count == 2)
            #expect(summary.consumers == ["a": 2])
            #expect(try await client.xack("jobs", group: "workers", ids: [first]) == 1)
            #expect(try await client.xack("jobs", group: "workers", ids: [first]) == 0, "acknowledging twice counts once")
            #expect(try await client.xpending("jobs", group: "workers").count == 1)
        }
    }

    @Test("XREADGROUP with BLOCK returns an entry added while it waits, and nothing when none arrives")
    func blockingRead() async throws {
        try await withClient(.testing(redis)) { client throws in
            try await client.xgroupCreate("queue", group: "g")
            #expect(try await client.xreadgroup("queue", group: "g", consumer: "c", count: 1, block: .milliseconds(50)).isEmpty)
            async let waiting = client.xreadgroup("queue", group: "g", consumer: "c", count: 1, block: .seconds(4))
            try await awaitCondition("the reader is blocked") {
                (try await client.send("CLIENT", "LIST").string ?? "").contains("cmd=xreadgroup")
            }
            let id = try await client.xadd("queue", fields: [("n", "1")])
            #expect(try await waiting.map(\.id) == [id])
        }
    }

    @Test("a BLOCK not shorter than the command timeout is refused before anything is sent")
    func blockLongerThanTimeout() async throws {
        try await withClient(.testing(redis, commandTimeout: .seconds(1))) { client throws in
            await #expect(throws: RedisError.self) {
                _ = try await client.xreadgroup("queue", group: "g", consumer: "c", count: 1, block: .seconds(1))
            }
            await #expect(throws: RedisError.invalidCommand("XREADGROUP COUNT must be positive")) {
                _ = try await client.xreadgroup("queue", group: "g", consumer: "c", count: 0)
            }
        }
    }

    @Test("XAUTOCLAIM hands idle pending entries to another consumer and counts the delivery")
    func reclaimIdleEntries() async throws {
        try await withClient(.testing(redis)) { client throws in
            try await client.xgroupCreate("jobs", group: "workers")
            let id = try await client.xadd("jobs", fields: [("job", "one")])
            _ = try await client.xreadgroup("jobs", group: "workers", consumer: "dead", count: 1)

            let early = try await client.xautoclaim("jobs", group: "workers", consumer: "alive", minIdle: .seconds(60))
            #expect(early.entries.isEmpty, "an entry idle for less than the minimum stays with its consumer")

            try await awaitCondition("the entry has been idle for 100 ms") {
                try await client.xpending("jobs", group: "workers", minIdle: .milliseconds(100), count: 10).count == 1
            }
            let claim = try await client.xautoclaim("jobs", group: "workers", consumer: "alive", minIdle: .milliseconds(100))
            #expect(claim.entries.map(\.id) == [id])
            #expect(claim.entries.first?.string("job") == "one")
            #expect(claim.nextStart == "0-0")
            let pending = try await client.xpending("jobs", group: "workers", count: 10)
            #expect(pending.map(\.consumer) == ["alive"])
            #expect(pending.first?.deliveries == 2)
        }
    }

    @Test("XCLAIM by the owner resets the idle time, so a heartbeating consumer keeps its entry")
    func heartbeatKeepsEntry() async throws {
        try await withClient(.testing(redis)) { client throws in
            try await client.xgroupCreate("jobs", group: "workers")
            let id = try await client.xadd("jobs", fields: [("job", "long")])
            _ = try await client.xreadgroup("jobs", group: "workers", consumer: "busy", count: 1)
            try await awaitCondition("the entry has been idle for five seconds", timeout: 30) {
                try await client.xpending("jobs", group: "workers", minIdle: .seconds(5), count: 10).count == 1
            }
            #expect(try await client.xclaim("jobs", group: "workers", consumer: "busy", ids: [id]) == [id])
            let idle = try #require(try await client.xpending("jobs", group: "workers", count: 10).first?.idle)
            #expect(idle < .seconds(5))
            let claim = try await client.xautoclaim("jobs", group: "workers", consumer: "thief", minIdle: .seconds(5))
            #expect(claim.entries.isEmpty)
            #expect(try await client.xpending("jobs", group: "workers", count: 10).first?.deliveries == 1,
                    "the heartbeat does not count as a delivery")
        }
    }

    @Test("XINFO GROUPS reports pending entries and the lag of undelivered ones; XDEL and MAXLEN trim")
    func groupInfoAndTrimming() async throws {
        try await withClient(.testing(redis)) { client throws in
            try await client.xgroupCreate("jobs", group: "workers")
            var ids: [String] = []
            for n in 0..<5 { ids.append(try await client.xadd("jobs", fields: [("n", RedisArgument(n))])) }
            _ = try await client.xreadgroup("jobs", group: "workers", consumer: "a", count: 2)
            let info = try #require(try await client.xinfoGroups("jobs").first)
            #expect(info.name == "workers")
            #expect(info.pending == 2)
            #expect(info.lag == 3)
            #expect(try await client.xdel("jobs", ids: [ids[4]]) == 1)
            try await client.xadd("jobs", fields: [("n", "6")], trim: .exactly(2))
            #expect(try await client.xlen("jobs") == 2)
            await #expect(throws: RedisError.invalidCommand("XADD needs at least one field")) {
                try await client.xadd("jobs", fields: [])
            }
        }
    }

    @Test("reading a group that does not exist is a server error naming NOGROUP")
    func missingGroup() async throws {
        try await withClient(.testing(redis)) { client throws in
            let error = await #expect(throws: RedisError.self) {
                _ = try await client.xreadgroup("nothing", group: "g", consumer: "c", count: 1)
            }
            guard case .server(let message) = error else {
                Issue.record("expected a server error, got \(String(describing: error))")
                return
            }
            #expect(message.hasPrefix("NOGROUP"))
        }
    }
}
