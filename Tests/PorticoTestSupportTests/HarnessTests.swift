import PorticoTestSupport
import Testing

/// The harness itself: real servers come up on free loopback ports and go away again.
@Suite struct HarnessTests {
    @Test func redisServerStartsOnAFreePortAndStops() async throws {
        let redis = try await RedisServer.start()
        #expect(redis.port > 0)
        // stop() waits for the process: off the cooperative pool, as every wait here.
        try await runBlocking { redis.stop() }
    }

    @Test func motoServerStartsOnAFreePortAndStops() async throws {
        let moto = try await MotoServer.start()
        #expect(moto.endpoint.hasPrefix("http://127.0.0.1:"))
        try await runBlocking { moto.stop() }
    }
}
