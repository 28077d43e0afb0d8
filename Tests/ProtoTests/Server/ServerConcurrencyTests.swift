import NIOCore
import NIOPosix
import PorticoTestSupport
import Proto
import Synchronization
import Testing

@Suite("RPC server: concurrency")
struct ServerConcurrencyTests {
    @Test("10,000 concurrent calls on one connection are all answered to the right caller")
    func tenThousandConcurrentCalls() async throws {
        let configuration = RPCServer.Configuration(maxConcurrentStreams: 10_000)
        // Its own event loops, so this load does not queue behind (or ahead of) parallel tests.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        defer { group.shutdownGracefully { _ in } }
        try await withRPCServer(configuration: configuration, eventLoopGroup: group) { server in
            try await withRPCClient(endpoints: [server.endpoint], eventLoopGroup: group) { client in
                let mismatches = try await withTimeLimit(120, "10,000 calls") {
                    try await withThrowingTaskGroup(of: Int.self) { group in
                        for index in 0..<10_000 {
                            group.addTask {
                                let payload = "call-\(index)-\(UInt64.random(in: 0...UInt64.max))"
                                let reply = try await client.call(
                                    method: EchoMethods.echo, request: ByteBuffer(string: payload), isIdempotent: false,
                                    options: CallOptions(timeout: .seconds(120)))
                                return reply == ByteBuffer(string: payload) ? 0 : 1
                            }
                        }
                        return try await group.reduce(0, +)
                    }
                }
                #expect(mismatches == 0)
                #expect(server.server.connectionCount == 1)
            }
        }
    }

    @Test("calls beyond the per-connection limit get RESOURCE_EXHAUSTED, marked not processed")
    func streamLimit() async throws {
        let running = Atomic<Int>(0)
        var router = RPCRouter()
        router.register("portico.test.Echo/Hold") { _, _ in
            running.add(1, ordering: .relaxed)
            try await Task.sleep(for: .seconds(3600))
            return ByteBuffer()
        }
        try await withRPCServer(router: router, configuration: RPCServer.Configuration(maxConcurrentStreams: 2)) { server in
            let tokens = try RPCTestFixtures.issuer()
            let raw = try await RawRPCConnection.connect(port: server.port)
            try await raw.send(RawRPCConnection.call(streamID: 1, method: "portico.test.Echo/Hold", tokens: tokens))
            try await raw.send(RawRPCConnection.call(streamID: 3, method: "portico.test.Echo/Hold", tokens: tokens))
            try await awaitCondition("both held calls running") { running.load(ordering: .relaxed) == 2 }
            try await raw.send(RawRPCConnection.call(streamID: 5, method: "portico.test.Echo/Hold", tokens: tokens))
            let refused = try #require(try await raw.nextReply())
            #expect(refused.streamID == 5)
            #expect(refused.status == .resourceExhausted)
            #expect(refused.isNotProcessed)
            try await raw.send(.cancel(streamID: 1))
            let cancelled = try #require(try await raw.nextReply())
            #expect(cancelled.streamID == 1)
            #expect(cancelled.status == .cancelled)
            await raw.close()
        }
    }

    @Test("a CALL reusing an open stream id is a protocol error")
    func duplicateStreamID() async throws {
        try await withRPCServer { server in
            let tokens = try RPCTestFixtures.issuer()
            let raw = try await RawRPCConnection.connect(port: server.port)
            try await raw.send(RawRPCConnection.call(streamID: 9, method: EchoMethods.hang.name, tokens: tokens))
            try await raw.send(RawRPCConnection.call(streamID: 9, method: EchoMethods.hang.name, tokens: tokens))
            var goAway: RPCGoAway?
            while let frame = try await raw.next() {
                if case .goAway(let frame) = frame { goAway = frame }
            }
            #expect(goAway?.code == .protocolError)
        }
    }
}
