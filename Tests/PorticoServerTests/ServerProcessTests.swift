import Foundation
import PorticoTestSupport
import Testing

/// `portico-server` as an operator runs it: a real process, real ports, real signals.
@Suite struct ServerProcessTests {
    /// Writes a config that puts every listener on a free loopback port.
    func freePortConfig(extra: String = "") throws -> (path: String, gateway: Int, authMetrics: Int) {
        let gateway = try FreePort.next()
        let authMetrics = try FreePort.next()
        let yaml = """
            listen: {gateway: 127.0.0.1:\(gateway), auth: 127.0.0.1:\(try FreePort.next()), \
            credentials: 127.0.0.1:\(try FreePort.next()), cache: 127.0.0.1:\(try FreePort.next()), \
            requests: 127.0.0.1:\(try FreePort.next())}
            metrics: {listen: {auth: 127.0.0.1:\(authMetrics), credentials: 127.0.0.1:\(try FreePort.next()), \
            cache: 127.0.0.1:\(try FreePort.next()), requests: 127.0.0.1:\(try FreePort.next())}}
            \(extra)
            """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("portico-\(UUID().uuidString).yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return (path, gateway, authMetrics)
    }

    func httpStatus(port: Int, path: String) async -> Int? {
        await SimpleHTTP.get(port: port, path: path)?.status
    }

    @Test func allStartsEveryServiceAndDrainsOnSIGTERM() async throws {
        let config = try freePortConfig()
        let server = try ManagedProcess(
            executable: try BuiltProduct.path("portico-server"), arguments: ["all", "--config", config.path], name: "server-all")
        try server.start()
        try await awaitCondition("gateway /healthcheck", timeout: 30) {
            await httpStatus(port: config.gateway, path: "/healthcheck") == 200
        }
        let metrics = await SimpleHTTP.get(port: config.gateway, path: "/metrics")
        #expect(metrics?.status == 200)
        try await runBlocking { server.stop(signal: SIGTERM) }
        #expect(server.exitCode == 0, "portico-server exited with \(String(describing: server.exitCode)): \(server.tail())")
    }

    @Test func aSingleServiceServesItsOwnMetricsEndpoint() async throws {
        let config = try freePortConfig()
        let server = try ManagedProcess(
            executable: try BuiltProduct.path("portico-server"), arguments: ["auth", "--config", config.path], name: "server-auth")
        try server.start()
        try await awaitCondition("auth metrics endpoint", timeout: 30) {
            await httpStatus(port: config.authMetrics, path: "/metrics") == 200
        }
        try await runBlocking { server.stop(signal: SIGTERM) }
        #expect(server.exitCode == 0)
    }

    @Test func malformedConfigRefusesToStartNamingTheKey() async throws {
        let config = try freePortConfig(extra: "redis: {port: not-a-port}")
        let result = try await ProcessRun.run(try BuiltProduct.path("portico-server"), ["gateway", "--config", config.path])
        #expect(result.status == 78)
        #expect(result.output.contains("'redis.port'"))
        #expect(result.output.contains("expected an integer"))
    }

    @Test func productionWithoutSecretsRefusesToStartNamingTheSecret() async throws {
        let config = try freePortConfig(extra: "environment: prod")
        let result = try await ProcessRun.run(try BuiltProduct.path("portico-server"), ["gateway", "--config", config.path])
        #expect(result.status == 78)
        #expect(result.output.contains("rpc.secret"))
        #expect(result.output.contains("PORTICO_RPC_SECRET"))
    }

    @Test func checkConfigReportsUnknownKeys() async throws {
        let config = try freePortConfig(extra: "redis: {hots: x}")
        let result = try await ProcessRun.run(try BuiltProduct.path("portico-server"), ["check-config", "--config", config.path])
        #expect(result.status == 0)
        #expect(result.output.contains("unknown config key 'redis.hots'"))
    }

    @Test func checkConfigRefusesAnRPCClientNamedAfterAPorticoService() async throws {
        let config = try freePortConfig(extra: """
            environment: dev
            rpc: {secret: check-config-rpc-secret-0123456789abcdef, clients: {cache: {secret: client-secret-0123456789abcdef0123}}}
            """)
        let result = try await ProcessRun.run(try BuiltProduct.path("portico-server"), ["check-config", "--config", config.path])
        #expect(result.status == 78)
        #expect(result.output.contains("config key 'rpc.clients.cache'"))
    }
}
