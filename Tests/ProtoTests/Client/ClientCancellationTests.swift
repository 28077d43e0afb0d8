import NIOCore
import Proto
import Testing

@Suite("RPC client: cancellation")
struct ClientCancellationTests {
    @Test("cancelling the calling task cancels the server's handler and the call ends CANCELLED")
    func taskCancellationReachesHandler() async throws {
        let started = TestSignal()
        let cancelled = TestSignal()
        try await withRPCServer(router: EchoMethods.router(started: started, cancelled: cancelled)) { server in
            try await withRPCClient(endpoints: [server.endpoint]) { client in
                let call = Task { try await client.call(EchoMethods.hang, TextMessage("wait"), options: CallOptions(timeout: nil)) }
                try await withTimeLimit(120, "the handler starting") { await started.wait() }
                call.cancel()
                try await withTimeLimit(120, "the handler seeing cancellation") { await cancelled.wait() }
                let result = await call.result
                #expect(throws: RPCError(.cancelled, "the call was cancelled")) { try result.get() }
            }
        }
    }

    @Test("a CANCEL frame cancels the handler and the stream is answered CANCELLED")
    func cancelFrame() async throws {
        let started = TestSignal()
        let cancelled = TestSignal()
        try await withRPCServer(router: EchoMethods.router(started: started, cancelled: cancelled)) { server in
            let raw = try await RawRPCConnection.connect(port: server.port)
            try await raw.send(RawRPCConnection.call(streamID: 11, method: EchoMethods.hang.name, tokens: try RPCTestFixtures.issuer()))
            try await withTimeLimit(120, "the handler starting") { await started.wait() }
            try await raw.send(.cancel(streamID: 11))
            let reply = try #require(try await raw.nextReply())
            #expect(reply.streamID == 11)
            #expect(reply.status == .cancelled)
            try await withTimeLimit(120, "the handler seeing cancellation") { await cancelled.wait() }
            await raw.close()
        }
    }

    @Test("a task cancelled before its call starts never reaches the server")
    func cancelledBeforeStart() async throws {
        let started = TestSignal()
        try await withRPCServer(router: EchoMethods.router(started: started)) { server in
            try await withRPCClient(endpoints: [server.endpoint]) { client in
                _ = try await client.call(EchoMethods.say, TextMessage("warm up"))
                let call = Task {
                    withUnsafeCurrentTask { $0?.cancel() }
                    return try await client.call(EchoMethods.hang, TextMessage("never"))
                }
                let result = await call.result
                #expect(throws: RPCError.self) { try result.get() }
                // A later call on the same connection still works, and the hang handler never ran.
                #expect(try await client.call(EchoMethods.say, TextMessage("after")).text == "after")
                #expect(!started.hasFired)
            }
        }
    }
}
