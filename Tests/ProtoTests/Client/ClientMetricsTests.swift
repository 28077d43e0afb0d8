import MetricsTestKit
import NIOCore
import Proto
import Testing

@Suite("RPC client: metrics")
struct ClientMetricsTests {
    @Test("the client records calls, errors by status code and latency per method")
    func perMethodMetrics() async throws {
        let metrics = TestMetrics()
        try await withRPCServer { server in
            try await withRPCClient(endpoints: [server.endpoint], metrics: metrics) { client in
                for _ in 0..<2 { _ = try await client.call(EchoMethods.say, TextMessage("x")) }
                _ = try? await client.call(EchoMethods.fail, TextMessage("convertible"))
            }
        }
        let say = [("method", EchoMethods.say.name)]
        #expect(metrics.counterTotal(label: "rpc_client_calls_total", dimensions: say) == 2)
        #expect(try metrics.expectTimer("rpc_client_duration_seconds", say).values.count == 2)
        let failed = [("method", EchoMethods.fail.name), ("code", "RESOURCE_EXHAUSTED")]
        #expect(metrics.counterTotal(label: "rpc_client_errors_total", dimensions: failed) == 1)
    }
}
