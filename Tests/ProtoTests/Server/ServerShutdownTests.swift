import NIOCore
import PorticoCore
import PorticoTestSupport
import Proto
import ServiceLifecycle
import Testing

@Suite("RPC server: graceful shutdown")
struct ServerShutdownTests {
    @Test("a call in flight at shutdown completes OK; new calls go to the other endpoint")
    func drainFinishesInFlightCalls() async throws {
        let started = TestSignal()
        let release = TestSignal()
        let a = try await RunningRPCServer.start(
            router: EchoMethods.router(name: "A", started: started, release: release),
            configuration: RPCServer.Configuration(shutdownGracePeriod: .seconds(300)))
        let b = try await RunningRPCServer.start(router: EchoMethods.router(name: "B"))
        defer { release.fire() }
        do {
            try await withRPCClient(endpoints: [a.endpoint]) { slowClient in
                try await withRPCClient(endpoints: [a.endpoint, b.endpoint]) { client in
                    try await awaitCondition("both endpoints ready") {
                        client.connect()
                        return client.readyEndpoints.count == 2
                    }
                    let raw = try await RawRPCConnection.connect(port: a.port)
                    let slowCall = try await Self.startSlowCall(started) {
                        try await slowClient.call(EchoMethods.slow, TextMessage("in flight"), options: CallOptions(timeout: .seconds(300)))
                    }

                    let shutdown = Task { try await a.shutDownGracefully() }
                    try await awaitCondition("A leaving the rotation after GOAWAY") { client.readyEndpoints == [b.endpoint] }

                    // New calls after GOAWAY are served by B.
                    for _ in 0..<10 {
                        #expect(try await client.call(EchoMethods.whoami, TextMessage("")).text == "B")
                    }
                    // A CALL that reaches A after its GOAWAY is refused, marked not processed.
                    try await raw.send(RawRPCConnection.call(streamID: 1, method: EchoMethods.say.name, tokens: try RPCTestFixtures.issuer()))
                    let refused = try #require(try await raw.nextReply())
                    #expect(refused.status == .unavailable)
                    #expect(refused.isNotProcessed)
                    await raw.close()

                    // A stopped listening: nobody answers on its port, or (the port having been
                    // reused by a parallel test) somebody who is not A.
                    #expect(try await Self.whoAnswers(port: a.port) != "A")
                    release.fire()
                    #expect(try await slowCall.value.text == "in flight")
                    try await withTimeLimit(120, "A's run() returning") { try await shutdown.value }
                }
            }
        } catch {
            await a.stop()
            await b.stop()
            throw error
        }
        await b.stop()
    }

    @Test("the service lifecycle's graceful shutdown drains the server and ends run()")
    func lifecycleGracefulShutdown() async throws {
        let started = TestSignal()
        let release = TestSignal()
        defer { release.fire() }
        let server = RPCServer(
            configuration: .defaults, router: EchoMethods.router(started: started, release: release),
            verifier: try RPCTestFixtures.verifier(), logger: RPCTestFixtures.logger)
        let group = ServiceGroup(services: [server], logger: RPCTestFixtures.logger)
        let running = Task { try await group.run() }
        let port = try await server.localPort
        try await withRPCClient(endpoints: [HostPort(host: "127.0.0.1", port: port)]) { client in
            let slowCall = try await Self.startSlowCall(started) {
                try await client.call(EchoMethods.slow, TextMessage("last"), options: CallOptions(timeout: .seconds(300)))
            }
            await group.triggerGracefulShutdown()
            try await awaitCondition("the endpoint leaving the rotation") { client.readyEndpoints.isEmpty }
            release.fire()
            #expect(try await slowCall.value.text == "last")
            try await withTimeLimit(120, "the service group returning") { try await running.value }
        }
    }

    @Test("with no other endpoint, a call after GOAWAY fails UNAVAILABLE")
    func singleEndpointAfterGoAway() async throws {
        let started = TestSignal()
        let release = TestSignal()
        let server = try await RunningRPCServer.start(router: EchoMethods.router(started: started, release: release))
        defer { release.fire() }
        try await withRPCClient(endpoints: [server.endpoint]) { client in
            let slowCall = try await Self.startSlowCall(started) {
                try await client.call(EchoMethods.slow, TextMessage("x"), options: CallOptions(timeout: .seconds(300)))
            }
            let shutdown = Task { try await server.shutDownGracefully() }
            try await awaitCondition("the endpoint leaving the rotation") { client.readyEndpoints.isEmpty }
            let error = await #expect(throws: RPCError.self) { try await client.call(EchoMethods.say, TextMessage("late")) }
            #expect(error?.code == .unavailable)
            release.fire()
            #expect(try await slowCall.value.text == "x")
            try await withTimeLimit(120, "run() returning") { try await shutdown.value }
        }
    }

    @Test("calls still running when the grace period ends are cancelled and the server stops")
    func gracePeriodCancelsStragglers() async throws {
        let started = TestSignal()
        let cancelled = TestSignal()
        let server = try await RunningRPCServer.start(
            router: EchoMethods.router(started: started, cancelled: cancelled),
            configuration: RPCServer.Configuration(shutdownGracePeriod: .milliseconds(300)))
        try await withRPCClient(endpoints: [server.endpoint]) { client in
            let call = Task { try await client.call(EchoMethods.hang, TextMessage("x"), options: CallOptions(timeout: nil)) }
            try await withTimeLimit(120, "the call starting") { await started.wait() }
            try await withTimeLimit(120, "run() returning") { try await server.shutDownGracefully() }
            try await withTimeLimit(120, "the handler seeing cancellation") { await cancelled.wait() }
            let result = await call.result
            #expect(throws: RPCError.self) { try result.get() }
        }
    }

    /// Starts `call` and waits until its handler has started; if the call ends first (it
    /// never reached the handler), fails with the call's error.
    static func startSlowCall(
        _ started: TestSignal, _ call: @escaping @Sendable () async throws -> TextMessage
    ) async throws -> Task<TextMessage, any Error> {
        let ended = TestSignal()
        let task = Task {
            defer { ended.fire() }
            return try await call()
        }
        try await awaitCondition("the slow call starting", timeout: 120) { started.hasFired || ended.hasFired }
        if !started.hasFired { _ = try await task.value }
        return task
    }

    /// The name the server on `port` gives for Whoami, or nil when nothing accepts connections there.
    static func whoAnswers(port: Int) async throws -> String? {
        guard let raw = try? await RawRPCConnection.connect(port: port) else { return nil }
        defer { Task { await raw.close() } }
        try await raw.send(RawRPCConnection.call(streamID: 1, method: EchoMethods.whoami.name, tokens: try RPCTestFixtures.issuer()))
        guard let reply = try await raw.nextReply() else { return nil }
        return String(buffer: reply.message)
    }
}
