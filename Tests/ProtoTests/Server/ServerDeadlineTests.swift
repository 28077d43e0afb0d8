import NIOCore
import Proto
import Testing

@Suite("RPC server: deadlines")
struct ServerDeadlineTests {
    @Test("when the deadline passes the handler is cancelled and the caller gets DEADLINE_EXCEEDED")
    func deadlineCancelsHandler() async throws {
        let started = TestSignal()
        let cancelled = TestSignal()
        try await withRPCServer(router: EchoMethods.router(started: started, cancelled: cancelled)) { server in
            try await withRPCClient(endpoints: [server.endpoint]) { client in
                _ = try await client.call(EchoMethods.say, TextMessage("warm up"))
                // The deadline must pass after the handler has started; on a loaded machine a
                // short one can pass before, so it is lengthened until the handler did start.
                var timeout = Duration.milliseconds(250)
                while !started.hasFired {
                    let error = await #expect(throws: RPCError.self) {
                        try await client.call(EchoMethods.hang, TextMessage("wait"), options: CallOptions(timeout: timeout))
                    }
                    #expect(error?.code == .deadlineExceeded)
                    timeout *= 2
                    try #require(timeout < .seconds(60))
                }
                try await withTimeLimit(120, "the handler seeing cancellation") { await cancelled.wait() }
            }
        }
    }

    @Test("the server enforces the deadline in the CALL frame by itself")
    func serverSideDeadline() async throws {
        let started = TestSignal()
        let cancelled = TestSignal()
        try await withRPCServer(router: EchoMethods.router(started: started, cancelled: cancelled)) { server in
            let raw = try await RawRPCConnection.connect(port: server.port)
            var streamID: UInt32 = 1
            var timeout: UInt32 = 200
            while !started.hasFired {
                try await raw.send(RawRPCConnection.call(
                    streamID: streamID, method: EchoMethods.hang.name, tokens: try RPCTestFixtures.issuer(),
                    timeoutMilliseconds: timeout))
                let reply = try #require(try await raw.nextReply())
                #expect(reply.streamID == streamID)
                #expect(reply.status == .deadlineExceeded)
                streamID += 2
                timeout *= 2
                try #require(timeout < 60_000)
            }
            try await withTimeLimit(120, "the handler seeing cancellation") { await cancelled.wait() }
            await raw.close()
        }
    }

    @Test("the handler sees the caller's deadline in its context")
    func deadlineInContext() async throws {
        var router = RPCRouter()
        router.register("portico.test.Echo/Remaining") { _, context in
            guard let deadline = context.deadline else { return ByteBuffer(string: "none") }
            let remaining = deadline - .now
            return ByteBuffer(string: remaining > .seconds(30) && remaining <= .seconds(60) ? "ok" : "off: \(remaining)")
        }
        try await withRPCServer(router: router) { server in
            try await withRPCClient(endpoints: [server.endpoint]) { client in
                let reply = try await client.call(
                    method: "portico.test.Echo/Remaining", request: ByteBuffer(), isIdempotent: true,
                    options: CallOptions(timeout: .seconds(60)))
                #expect(reply == ByteBuffer(string: "ok"))
            }
        }
    }
}
