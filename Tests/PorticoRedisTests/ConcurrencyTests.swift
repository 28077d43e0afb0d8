import PorticoRedis
import PorticoTestSupport
import Testing

@Suite("Concurrent use")
struct ConcurrencyTests {
    let redis: RedisServer

    init() async throws {
        redis = try await RedisServer.start()
    }

    @Test("200 tasks each doing 50 INCRs over a pool of 4 count to exactly 10,000")
    func concurrentIncrementsAreAllApplied() async throws {
        try await withClient(.testing(redis, poolSize: 4)) { client in
            let clock = ContinuousClock()
            let start = clock.now
            let lastReplies = try await withThrowingTaskGroup(of: Int64.self) { group in
                for _ in 0..<200 {
                    group.addTask {
                        var last: Int64 = 0
                        for _ in 0..<50 { last = try await client.incr("shared") }
                        return last
                    }
                }
                return try await group.reduce(into: [Int64]()) { $0.append($1) }
            }
            print("PorticoRedis: 10,000 concurrent INCRs (200 tasks, pool of 4) took \(clock.now - start)")
            #expect(try await client.get("shared") == Array("10000".utf8))
            #expect(lastReplies.count == 200)
            #expect(lastReplies.max() == 10_000)
            let clients = try #require(try await client.send("CLIENT", "LIST").string)
            #expect(clients.split(separator: "\n").count <= 4, "never more connections than the pool size")
        }
    }

    @Test("after shutdown every call fails with RedisError.shutdown, and shutting down twice is harmless")
    func callsAfterShutdownFail() async throws {
        let client = RedisClient(configuration: .testing(redis), logger: LogRecorder().logger)
        try await client.set("k", "v")
        await client.shutdown()
        await client.shutdown()
        await #expect(throws: RedisError.shutdown) { try await client.get("k") }
        await #expect(throws: RedisError.shutdown) { try await client.pipeline([["PING"]]) }
    }
}
