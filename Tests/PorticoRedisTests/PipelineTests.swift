import PorticoRedis
import PorticoTestSupport
import Testing

@Suite("Pipelining")
struct PipelineTests {
    let redis: RedisServer

    init() async throws {
        redis = try await RedisServer.start()
    }

    @Test("10,000 pipelined INCRs answer 1...10,000 in order")
    func tenThousandIncrementsReplyInOrder() async throws {
        try await withClient(.testing(redis)) { client in
            let commands = Array(repeating: ["INCR", "sequence"] as [RedisArgument], count: 10_000)
            let clock = ContinuousClock()
            let start = clock.now
            let replies = try await client.pipeline(commands)
            let elapsed = clock.now - start
            print("PorticoRedis: pipeline of 10,000 INCR took \(elapsed)")
            #expect(replies.count == 10_000)
            #expect(replies == (1...10_000).map { RedisValue.integer(Int64($0)) })
            #expect(try await client.get("sequence") == Array("10000".utf8))
        }
    }

    @Test("5,000 SETs then 5,000 GETs of distinct keys in one pipeline read back each value")
    func setThenGetDistinctKeys() async throws {
        try await withClient(.testing(redis)) { client in
            let sets = (0..<5_000).map { ["SET", RedisArgument("key:\($0)"), RedisArgument("value:\($0)")] as [RedisArgument] }
            let gets = (0..<5_000).map { ["GET", RedisArgument("key:\($0)")] as [RedisArgument] }
            let clock = ContinuousClock()
            let start = clock.now
            let replies = try await client.pipeline(sets + gets)
            print("PorticoRedis: pipeline of 5,000 SET + 5,000 GET took \(clock.now - start)")
            #expect(replies.count == 10_000)
            #expect(replies[..<5_000].allSatisfy { $0 == .simpleString("OK") })
            #expect(Array(replies[5_000...]) == (0..<5_000).map { RedisValue.bulkString(Array("value:\($0)".utf8)) })
        }
    }

    @Test("an empty pipeline returns no replies")
    func emptyPipeline() async throws {
        try await withClient(.testing(redis)) { client throws in
            #expect(try await client.pipeline([]) == [])
        }
    }

    @Test("a pipeline with an empty command is rejected before anything is sent")
    func emptyCommandRejectsTheWholeBatch() async throws {
        try await withClient(.testing(redis)) { client in
            let error = try await #require(throws: RedisError.self) {
                try await client.pipeline([["SET", "a", "1"], []])
            }
            #expect(error == .invalidCommand("command 1 of the pipeline is empty"))
            #expect(try await client.exists("a") == 0)
        }
    }
}
