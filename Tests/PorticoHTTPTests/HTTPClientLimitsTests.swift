import PorticoHTTP
import PorticoTestSupport
import Testing

/// Requests end when they take too long, and responses are refused when they are too big.
@Suite struct HTTPClientLimitsTests {
    static let twoMiB = 2 * 1024 * 1024
    static let oneMiB = 1024 * 1024

    /// Answers /slow only when the server shuts down, /big with 2 MiB (Content-Length), /chunked
    /// with 2 MiB chunked, /promise with a 2 MiB Content-Length and then nothing, /exact with
    /// exactly 1 MiB.
    static let routes: LoopbackHTTPServer.Handler = { request in
        switch request.path {
        case "/slow":
            try? await Task.sleep(for: .seconds(600))
            return .text("too late")
        case "/big":
            return LoopbackHTTPServer.Response(body: [UInt8](repeating: 0x62, count: twoMiB))
        case "/chunked":
            return .streaming { writer in
                for _ in 0..<32 { try await writer.write([UInt8](repeating: 0x63, count: twoMiB / 32)) }
            }
        case "/promise":
            return .streaming(headers: [(name: "Content-Length", value: String(twoMiB))]) { _ in
                try await Task.sleep(for: .seconds(600))
            }
        case "/exact":
            return LoopbackHTTPServer.Response(body: [UInt8](repeating: 0x65, count: oneMiB))
        default:
            return LoopbackHTTPServer.Response(status: 404)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aServerThatNeverAnswersEndsInTimeout() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.routes) { server in
            let client = makeClient()
            let error = await clientError {
                try await client.execute(.init(url: server.baseURL + "/slow", timeout: .seconds(2)))
            }
            await client.shutdown()
            #expect(error == .timeout(url: server.baseURL + "/slow"))
            #expect(server.requestCount == 1)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func theConfiguredRequestTimeoutAppliesWhenTheRequestSetsNone() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.routes) { server in
            let client = makeClient { $0.requestTimeout = .seconds(2) }
            let error = await clientError { try await client.execute(.init(url: server.baseURL + "/slow")) }
            await client.shutdown()
            #expect(error == .timeout(url: server.baseURL + "/slow"))
        }
    }

    @Test func anOversizeBodyWithContentLengthIsRefused() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.routes) { server in
            let client = makeClient { $0.maxResponseBytes = Self.oneMiB }
            let error = await clientError { try await client.execute(.init(url: server.baseURL + "/big")) }
            await client.shutdown()
            #expect(error == .responseTooLarge(limit: Self.oneMiB, url: server.baseURL + "/big"))
        }
    }

    @Test func anOversizeChunkedBodyIsRefused() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.routes) { server in
            let client = makeClient()
            let error = await clientError {
                try await client.execute(.init(url: server.baseURL + "/chunked", maxResponseBytes: Self.oneMiB))
            }
            await client.shutdown()
            #expect(error == .responseTooLarge(limit: Self.oneMiB, url: server.baseURL + "/chunked"))
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func anOversizeContentLengthIsRefusedBeforeTheBodyArrives() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.routes) { server in
            let client = makeClient { $0.maxResponseBytes = Self.oneMiB }
            let error = await clientError { try await client.execute(.init(url: server.baseURL + "/promise")) }
            await client.shutdown()
            #expect(error == .responseTooLarge(limit: Self.oneMiB, url: server.baseURL + "/promise"))
        }
    }

    @Test func aBodyOfExactlyTheLimitIsAccepted() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.routes) { server in
            let client = makeClient { $0.maxResponseBytes = Self.oneMiB }
            let response = try await client.execute(.init(url: server.baseURL + "/exact"))
            await client.shutdown()
            #expect(response.body.count == Self.oneMiB)
        }
    }

    @Test func aRequestMayRaiseTheLimitOfItsClient() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.routes) { server in
            let client = makeClient { $0.maxResponseBytes = Self.oneMiB }
            let chunked = try await client.execute(.init(url: server.baseURL + "/chunked", maxResponseBytes: Self.twoMiB))
            await client.shutdown()
            #expect(chunked.body == [UInt8](repeating: 0x63, count: Self.twoMiB))
        }
    }

    @Test func theClientStillWorksAfterRefusingAResponse() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.routes) { server in
            let client = makeClient { $0.maxResponseBytes = Self.oneMiB }
            _ = await clientError { try await client.execute(.init(url: server.baseURL + "/chunked")) }
            let response = try await client.execute(.init(url: server.baseURL + "/exact"))
            await client.shutdown()
            #expect(response.body.count == Self.oneMiB)
        }
    }
}
