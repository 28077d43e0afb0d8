import PorticoTestSupport
import Testing

/// One redis-server for the gateways of a suite (the session revocations every authenticated
/// request checks), started before the suite's first test. For suites whose gateways listen on
/// a port chosen beforehand (development configurations name their own URL): a Redis started
/// per gateway would lengthen the time between choosing that port and binding it, in which
/// another test may take it. `RunningGateway` uses it when the configuration names no Redis.
struct GatewayRedis: SuiteFixture {
    let server: RedisServer

    static func start() async throws -> GatewayRedis {
        GatewayRedis(server: try await RedisServer.start())
    }

    func stop() async { server.stop() }
}

extension Trait where Self == SuiteFixtureTrait<GatewayRedis> {
    /// A redis-server shared by the suite's gateways.
    static var gatewayRedis: Self { Self() }
}
