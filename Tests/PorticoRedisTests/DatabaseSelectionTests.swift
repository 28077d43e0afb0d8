import PorticoRedis
import PorticoTestSupport
import Testing

@Suite("Database selection")
struct DatabaseSelectionTests {
    let redis: RedisServer

    init() async throws {
        redis = try await RedisServer.start()
    }

    @Test("a client on db 2 does not see db 0's keys, and the reverse")
    func databasesAreSeparate() async throws {
        try await withClient(.testing(redis, db: 0)) { db0 in
            try await withClient(.testing(redis, db: 2)) { db2 in
                try await db0.set("shared-name", "zero")
                #expect(try await db2.get("shared-name") == nil)
                try await db2.set("shared-name", "two")
                try await db2.set("only-in-two", "x")
                #expect(try await db0.get("shared-name") == Array("zero".utf8))
                #expect(try await db0.exists("only-in-two") == 0)
                #expect(try await db2.get("shared-name") == Array("two".utf8))
            }
        }
    }

    @Test("after a reconnect the client is still on its database")
    func databaseIsSelectedAgainAfterReconnect() async throws {
        try await withClient(.testing(redis, db: 0, poolSize: 1)) { db0 in
            try await withClient(.testing(redis, db: 2, poolSize: 1)) { db2 in
                try await db2.ping()
                try await redis.restart()
                try await db2.set("written-after-restart", "x")
                #expect(try await db0.exists("written-after-restart") == 0)
                #expect(try await db2.exists("written-after-restart") == 1)
            }
        }
    }
}
