import PorticoHTTP
import PorticoTestSupport
import Testing

/// Redirects are returned unless a request asks to follow them, and then only a few, over http(s).
@Suite struct HTTPClientRedirectTests {
    static let routes: LoopbackHTTPServer.Handler = { request in
        switch request.path {
        case "/start": .redirect(to: "/end")
        case "/end": .text("arrived")
        case "/loop": .redirect(to: "/loop")
        case "/to-file": .redirect(to: "file:///etc/passwd")
        default: .text("unexpected", status: 400)
        }
    }

    @Test func aRedirectIsReturnedByDefault() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.routes) { server in
            let client = makeClient()
            let response = try await client.execute(.init(url: server.baseURL + "/start"))
            await client.shutdown()
            #expect(response.status == 302)
            #expect(response.headers["Location"] == "/end")
            #expect(server.requests.map(\.path) == ["/start"])
        }
    }

    @Test func aRedirectIsFollowedWhenAsked() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.routes) { server in
            let client = makeClient()
            let response = try await client.execute(.init(url: server.baseURL + "/start", followRedirects: true))
            await client.shutdown()
            #expect(response.status == 200)
            #expect(response.bodyText == "arrived")
            #expect(response.headers["Location"] == nil)
            #expect(server.requests.map(\.path) == ["/start", "/end"])
        }
    }

    @Test func followingStopsAfterFiveRedirects() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.routes) { server in
            let client = makeClient()
            let error = await clientError { try await client.execute(.init(url: server.baseURL + "/loop", followRedirects: true)) }
            await client.shutdown()
            guard case .transport = error else {
                Issue.record("expected a transport error, got \(String(describing: error))")
                return
            }
            #expect(server.requestCount == 6)
        }
    }

    @Test func aRedirectToAnotherSchemeIsNotFollowed() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.routes) { server in
            let client = makeClient()
            let error = await clientError { try await client.execute(.init(url: server.baseURL + "/to-file", followRedirects: true)) }
            await client.shutdown()
            guard case .transport = error else {
                Issue.record("expected a transport error, got \(String(describing: error))")
                return
            }
        }
    }
}
