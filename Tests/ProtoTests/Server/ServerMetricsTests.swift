import MetricsTestKit
import NIOCore
import Proto
import Testing

@Suite("RPC server: metrics")
struct ServerMetricsTests {
    @Test("calls, errors by status code and latency are recorded per method")
    func perMethodMetrics() async throws {
        let metrics = TestMetrics()
        try await withRPCServer(metrics: metrics) { server in
            try await withRPCClient(endpoints: [server.endpoint]) { client in
                for _ in 0..<3 { _ = try await client.call(EchoMethods.say, TextMessage("x")) }
                _ = try? await client.call(EchoMethods.fail, TextMessage("rpc-error"))
                _ = try? await client.call(method: "portico.test.Echo/Unknown\(UInt32.random(in: 0...9999))", request: ByteBuffer(), isIdempotent: true)
            }
        }
        let say = [("method", EchoMethods.say.name)]
        #expect(metrics.counterTotal(label: "rpc_server_calls_total", dimensions: say) == 3)
        #expect(try metrics.expectTimer("rpc_server_duration_seconds", say).values.count == 3)
        #expect(metrics.counters(label: "rpc_server_errors_total", dimensions: say).isEmpty)
        let failures = [("method", EchoMethods.fail.name), ("code", "NOT_FOUND")]
        #expect(metrics.counterTotal(label: "rpc_server_errors_total", dimensions: failures) == 1)
        // Made-up method names share one label value, so callers cannot grow the label set.
        let unknown = [("method", RPCMetrics.unknownMethodLabel), ("code", "UNIMPLEMENTED")]
        #expect(metrics.counterTotal(label: "rpc_server_errors_total", dimensions: unknown) == 1)
        #expect(metrics.counters.allSatisfy { counter in !counter.dimensions.contains { $0.1.contains("Unknown") } })
    }
}
