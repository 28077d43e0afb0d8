import PorticoHTTP
import PorticoTestSupport
import Testing

/// Connections are reused and shared by concurrent requests; failures to connect, cancellation
/// and shutdown end requests with the right error.
@Suite struct HTTPClientConnectionTests {
    static let routes: LoopbackHTTPServer.Handler = { request in
        switch request.path {
        case "/slow":
            try? await Task.sleep(for: .seconds(600))
            return .text("too late")
        default:
            return .text("item \(request.queryValue("n") ?? "-")")
        }
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.routes) { server in
            let client = makeClient()
            for n in 0..<100 {
                let response = try await client.execute(.init(url: server.baseURL + "/item?n=\(n)"))
                #expect(response.bodyText == "item \(n)")
            }
            await client.shutdown()
            #expect(server.requestCount == 100)
            #expect(server.connectionCount == 1)
        }
    }

    @Test func concurrentRequestsAllCompleteWithTheirOwnBodies() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.routes) { server in
            let client = makeClient { $0.maxConnectionsPerHost = 8 }
            let bodies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for n in 0..<200 {
                    group.addTask { (n, try await client.execute(.init(url: server.baseURL + "/item?n=\(n)")).bodyText) }
                }
                return try await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
            }
            await client.shutdown()
            #expect(bodies.count == 200)
            for n in 0..<200 { #expect(bodies[n] == "item \(n)") }
            #expect(server.connectionCount <= 8)
        }
    }

    @Test func aRefusedConnectionIsConnectionFailed() async throws {
        let closed = try ClosedPort()
        defer { closed.close() }
        let port = closed.port
        let client = makeClient()
        let error = await clientError { try await client.execute(.init(url: "http://127.0.0.1:\(port)/x")) }
        await client.shutdown()
        guard case .connectionFailed(let url, _) = error else {
            Issue.record("expected connectionFailed, got \(String(describing: error))")
            return
        }
        #expect(url == "http://127.0.0.1:\(port)/x")
    }

    @Test func httpsToAPlainHTTPPortFailsWithATLSError() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.routes) { server in
            let client = makeClient()
            let error = await clientError { try await client.execute(.init(url: "https://127.0.0.1:\(server.port)/item")) }
            // The client survives: a plain request afterwards works.
            let after = try await client.execute(.init(url: server.baseURL + "/item?n=1"))
            await client.shutdown()
            guard case .tls(let url, _) = error else {
                Issue.record("expected a TLS error, got \(String(describing: error))")
                return
            }
            #expect(url == "https://127.0.0.1:\(server.port)/item")
            #expect(after.bodyText == "item 1")
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func cancellingTheTaskAbandonsTheRequest() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.routes) { server in
            let client = makeClient()
            let request = Task { try await client.execute(.init(url: server.baseURL + "/slow")) }
            try await awaitCondition("the server received the request") { server.requestCount == 1 }
            request.cancel()
            await #expect(throws: CancellationError.self) { try await request.value }
            let after = try await client.execute(.init(url: server.baseURL + "/item?n=2"))
            await client.shutdown()
            #expect(after.bodyText == "item 2")
        }
    }

    @Test func anAlreadyCancelledTaskSendsNothing() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.routes) { server in
            let client = makeClient()
            let request = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await client.execute(.init(url: server.baseURL + "/item?n=3"))
            }
            await #expect(throws: CancellationError.self) { try await request.value }
            await client.shutdown()
            #expect(server.requestCount == 0)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func shutdownFailsRequestsInFlightAndLaterOnes() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.routes) { server in
            let client = makeClient()
            let inFlight = Task { try await client.execute(.init(url: server.baseURL + "/slow")) }
            try await awaitCondition("the server received the request") { server.requestCount == 1 }
            await client.shutdown()
            let inFlightError = await clientError { try await inFlight.value }
            let laterError = await clientError { try await client.execute(.init(url: server.baseURL + "/item")) }
            await client.shutdown()  // a second shutdown is harmless
            #expect(inFlightError == .shutdown)
            #expect(laterError == .shutdown)
        }
    }
}
