import PorticoRedis
import PorticoTestSupport
import Testing

@Suite("Reconnecting after the server restarts")
struct ReconnectTests {
    let redis: RedisServer

    init() async throws {
        redis = try await RedisServer.start()
    }

    /// Makes the client use all `count` pooled connections at once: each one blocks in BLPOP
    /// until `observer` (another client) sees all of them blocked and feeds their lists.
    /// Returns the BLPOP replies.
    private func occupyEveryConnection(
        _ client: RedisClient, count: Int, observer: RedisClient
    ) async throws -> [RedisValue] {
        try await withThrowingTaskGroup(of: RedisValue.self) { group in
            for index in 0..<count {
                group.addTask { try await client.send("BLPOP", RedisArgument("list-\(index)"), "30") }
            }
            try await awaitCondition("\(count) connections blocked in BLPOP") {
                let list = try await observer.send("CLIENT", "LIST").string ?? ""
                return list.split(separator: "\n").filter { $0.contains("cmd=blpop") }.count == count
            }
            _ = try await observer.pipeline((0..<count).map { ["RPUSH", RedisArgument("list-\($0)"), "item"] })
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test("after a restart while idle, every stale connection is replaced before use and no command fails")
    func restartWhileIdleLosesNoCommand() async throws {
        let logs = LogRecorder()
        try await withClient(.testing(redis, poolSize: 4), logger: logs.logger) { client in
            try await withClient(.testing(redis, poolSize: 1)) { observer in
                let item = RedisValue.bulkString(Array("item".utf8))
                let first = try await occupyEveryConnection(client, count: 4, observer: observer)
                #expect(first.count == 4 && first.allSatisfy { $0.array?.last == item })
                try await client.set("before-restart", "1")

                try await redis.restart()

                // Each of the four stale connections is used again at once: none may fail.
                let again = try await occupyEveryConnection(client, count: 4, observer: observer)
                #expect(again.count == 4 && again.allSatisfy { $0.array?.last == item })
                #expect(try await client.get("before-restart") == nil, "the restarted server is empty")
            }
            let replaced = logs.recorded.filter { $0.text.contains("closed while idle") }
            #expect(replaced.count == 4)
        }
    }

    @Test("while the server is down calls fail with connectionFailed, and the client recovers on its own")
    func recoversAfterDowntime() async throws {
        let logs = LogRecorder()
        try await withClient(.testing(redis, poolSize: 2), logger: logs.logger) { client in
            #expect(try await client.incr("counter") == 1)
            redis.kill()

            let error = try await #require(throws: RedisError.self) { try await client.incr("counter") }
            guard case .connectionFailed(let host, let port, _) = error else {
                Issue.record("expected connectionFailed, got \(error)")
                return
            }
            #expect(host == redis.host && port == redis.port)

            try await redis.restart()
            var attempts = 0
            try await awaitCondition("the client works again after the restart", timeout: 10) {
                attempts += 1
                return try await client.incr("counter") == 1
            }
            print("PorticoRedis: recovered after \(attempts) attempt(s)")
            // Once recovered it stays recovered, on every pooled connection.
            for expected in Int64(2)...20 { #expect(try await client.incr("counter") == expected) }
            #expect(logs.recorded.contains { $0.level == .warning && $0.text.contains("Cannot connect to Redis") })
            #expect(logs.recorded.contains { $0.level == .info && $0.text.contains("Reconnected to Redis") })
        }
    }

    @Test("with a ride-through, a call made while the server is down waits and runs once it is back")
    func aCallRidesThroughARestart() async throws {
        var configuration = RedisConfiguration.testing(redis, poolSize: 2)
        configuration.reconnect.rideThrough = .seconds(20)
        try await withClient(configuration) { client in
            #expect(try await client.incr("counter") == 1)
            redis.kill()
            let waiting = Task { try await client.incr("counter") }
            // The call cannot run while the server is down; it waits for it to come back.
            try await Task.sleep(for: .milliseconds(300))  // the downtime, not a wait for a condition
            try await redis.restart()
            #expect(try await waiting.value == 1, "the command ran once, on the restarted (empty) server")
            #expect(try await client.incr("counter") == 2)
        }
        var impatient = RedisConfiguration.testing(redis, poolSize: 1)
        impatient.reconnect.rideThrough = .milliseconds(200)
        try await withClient(impatient) { client in
            _ = try await client.incr("other")
            redis.kill()
            let started = ContinuousClock.now
            await #expect(throws: RedisError.self) { try await client.incr("other") }
            #expect(ContinuousClock.now - started >= .milliseconds(200), "it waited its ride-through first")
            try await redis.restart()
        }
    }

    @Test("a command in flight when the server dies fails with connectionLost, and the next one succeeds")
    func commandInFlightWhenServerDies() async throws {
        try await withClient(.testing(redis, poolSize: 1)) { client in
            try await withClient(.testing(redis, poolSize: 1)) { observer in
                let blocked = Task { try await client.send("BLPOP", "never-filled", "30") }
                try await awaitCondition("BLPOP is blocked on the server") {
                    try await observer.send("CLIENT", "LIST").string?.contains("cmd=blpop") == true
                }
                redis.kill()
                let error = try await #require(throws: RedisError.self) { try await blocked.value }
                guard case .connectionLost(let host, let port, _) = error else {
                    Issue.record("expected connectionLost, got \(error)")
                    return
                }
                #expect(host == redis.host && port == redis.port)
            }
            try await redis.restart()
            try await awaitCondition("the client works again after the restart", timeout: 10) {
                try await client.set("after", "1")
            }
            #expect(try await client.get("after") == Array("1".utf8))
        }
    }
}
