import Foundation
import PorticoTestSupport
import Testing

/// `portico-server` as an operator runs it: a real process, real ports, real signals.
@Suite struct ServerProcessTests {
    /// Writes a config (`environment: dev` unless `environment` says otherwise; nil writes no
    /// `environment:` at all) that puts every listener on 127.0.0.1 port 0: the server reports
    /// the ports it got in its log (`reportedPort`).
    func portZeroConfig(environment: String? = "dev", extra: String = "") throws -> String {
        let yaml = """
            listen: {gateway: 127.0.0.1:0, auth: 127.0.0.1:0, credentials: 127.0.0.1:0, cache: 127.0.0.1:0, requests: 127.0.0.1:0}
            metrics: {listen: {gateway: 127.0.0.1:0, auth: 127.0.0.1:0, credentials: 127.0.0.1:0, cache: 127.0.0.1:0, \
            requests: 127.0.0.1:0}}
            \(environment.map { "environment: \($0)" } ?? "")
            \(extra)
            """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("portico-\(UUID().uuidString).yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The loopback port in the first log line of `server` that says `message` (`gateway
    /// listening`, `metrics listening`), once it is there.
    func reportedPort(_ server: ManagedProcess, _ message: String) async throws -> Int {
        var port = 0
        try await awaitCondition("portico-server logs '\(message)'", timeout: 30) {
            guard server.isRunning else {
                throw TestServerError.notReady("portico-server exited: \(server.tail())", seconds: 0)
            }
            guard let line = server.tail(lines: 200).split(separator: "\n").first(where: { $0.contains(message) }),
                  let address = line.range(of: #"127\.0\.0\.1:[0-9]+"#, options: .regularExpression),
                  let reported = line[address].split(separator: ":").last.flatMap({ Int($0) }), reported > 0
            else { return false }
            port = reported
            return true
        }
        return port
    }

    func httpStatus(port: Int, path: String) async -> Int? {
        await SimpleHTTP.get(port: port, path: path)?.status
    }

    @Test func allStartsEveryServiceAndDrainsOnSIGTERM() async throws {
        let config = try portZeroConfig()
        let server = try ManagedProcess(
            executable: try BuiltProduct.path("portico-server"), arguments: ["all", "--config", config], name: "server-all")
        try server.start()
        let gateway = try await reportedPort(server, "gateway listening")
        try await awaitCondition("gateway /healthcheck", timeout: 30) {
            await httpStatus(port: gateway, path: "/healthcheck") == 200
        }
        // One metrics endpoint covers the whole process, on its own port, not the public one.
        let metricsPort = try await reportedPort(server, "metrics listening")
        let metrics = await SimpleHTTP.get(port: metricsPort, path: "/metrics")
        #expect(metrics?.status == 200)
        #expect(metrics?.raw.contains("portico_gateway_") == true)
        #expect(await httpStatus(port: gateway, path: "/metrics") == 404)
        try await runBlocking { server.stop(signal: SIGTERM) }
        #expect(server.exitCode == 0, "portico-server exited with \(String(describing: server.exitCode)): \(server.tail())")
    }

    @Test func aSingleServiceServesItsOwnMetricsEndpoint() async throws {
        let config = try portZeroConfig()
        let server = try ManagedProcess(
            executable: try BuiltProduct.path("portico-server"), arguments: ["auth", "--config", config], name: "server-auth")
        try server.start()
        let metricsPort = try await reportedPort(server, "metrics listening")
        try await awaitCondition("auth metrics endpoint", timeout: 30) {
            await httpStatus(port: metricsPort, path: "/metrics") == 200
        }
        try await runBlocking { server.stop(signal: SIGTERM) }
        #expect(server.exitCode == 0)
    }

    @Test func malformedConfigRefusesToStartNamingTheKey() async throws {
        let config = try portZeroConfig(extra: "redis: {port: not-a-port}")
        let result = try await ProcessRun.run(try BuiltProduct.path("portico-server"), ["gateway", "--config", config])
        #expect(result.status == 78)
        #expect(result.output.contains("'redis.port'"))
        #expect(result.output.contains("expected an integer"))
    }

    @Test func productionWithoutSecretsRefusesToStartNamingTheSecret() async throws {
        let config = try portZeroConfig(environment: "prod")
        let result = try await ProcessRun.run(try BuiltProduct.path("portico-server"), ["gateway", "--config", config])
        #expect(result.status == 78)
        #expect(result.output.contains("rpc.secret"))
        #expect(result.output.contains("PORTICO_RPC_SECRET"))
    }

    @Test func aConfigFileWithoutEnvironmentIsProductionAndRefusesToStartWithoutSecrets() async throws {
        let config = try portZeroConfig(environment: nil)
        let result = try await ProcessRun.run(try BuiltProduct.path("portico-server"), ["gateway", "--config", config])
        #expect(result.status == 78, "\(result.output)")
        #expect(result.output.contains("'rpc.secret' is required in production"), "\(result.output)")
    }

    @Test func checkConfigReportsUnknownKeys() async throws {
        let config = try portZeroConfig(extra: "redis: {hots: x}")
        let result = try await ProcessRun.run(try BuiltProduct.path("portico-server"), ["check-config", "--config", config])
        #expect(result.status == 0)
        #expect(result.output.contains("unknown config key 'redis.hots'"))
    }
}
