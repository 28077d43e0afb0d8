import PorticoHTTP
import PorticoTestSupport
import Testing

/// Requests reach the server as sent, and responses come back whole: methods, headers, binary bodies.
@Suite struct HTTPClientRoundTripTests {
    /// Echoes the request body and reports what it saw in response headers.
    static let echo: LoopbackHTTPServer.Handler = { request in
        LoopbackHTTPServer.Response(
            status: 200,
            headers: [
                (name: "X-Seen-Method", value: request.method),
                (name: "X-Seen-Path", value: request.path),
                (name: "X-Seen-Query", value: request.query ?? ""),
                (name: "X-Multi", value: "one"),
                (name: "x-multi", value: "two"),
                (name: "Content-Type", value: "application/octet-stream"),
            ],
            body: request.body)
    }

    @Test func getReturnsStatusHeadersAndBody() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.echo) { server in
            let client = makeClient()
            let response = try await client.execute(.init(
                url: server.baseURL + "/things/1?view=full&n=2", headers: ["X-Request-Id": "abc-123"]))
            await client.shutdown()

            #expect(response.status == 200)
            #expect(response.body.isEmpty)
            #expect(response.headers["x-seen-method"] == "GET")
            #expect(response.headers["X-SEEN-PATH"] == "/things/1")
            #expect(response.headers["X-Seen-Query"] == "view=full&n=2")
            #expect(response.headers.values(for: "X-Multi") == ["one", "two"])
            let received = try #require(server.requests.last)
            #expect(received.header("X-Request-Id") == "abc-123")
            #expect(received.header("User-Agent") == "Portico")
            #expect(received.queryValue("view") == "full")
        }
    }

    @Test func postSendsABinaryBodyWithNULBytesIntact() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.echo) { server in
            let client = makeClient()
            let payload = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7) } + [0, 0, 0]
            let response = try await client.execute(.init(
                method: "POST", url: server.baseURL + "/upload",
                headers: ["Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "Service.Op"],
                body: payload))
            await client.shutdown()

            #expect(response.status == 200)
            #expect(response.body == payload)
            #expect(response.headers["X-Seen-Method"] == "POST")
            let received = try #require(server.requests.last)
            #expect(received.body == payload)
            #expect(received.header("Content-Length") == String(payload.count))
            #expect(received.header("Content-Type") == "application/x-amz-json-1.1")
            #expect(received.header("X-Amz-Target") == "Service.Op")
            #expect(received.header("Expect") == nil)
        }
    }

    @Test func postWithoutContentTypeSendsNoneRatherThanAFormType() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.echo) { server in
            let client = makeClient()
            _ = try await client.execute(.init(method: "POST", url: server.baseURL + "/", body: Array("x".utf8)))
            await client.shutdown()
            let received = try #require(server.requests.last)
            #expect(received.header("Content-Type") == nil)
        }
    }

    @Test func putAndDeleteUseTheirMethodsAndAnEmptyPutSendsZeroLength() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.echo) { server in
            let client = makeClient()
            let put = try await client.execute(.init(method: "PUT", url: server.baseURL + "/object"))
            let delete = try await client.execute(.init(method: "DELETE", url: server.baseURL + "/object"))
            await client.shutdown()

            #expect(put.headers["X-Seen-Method"] == "PUT")
            #expect(delete.headers["X-Seen-Method"] == "DELETE")
            let received = server.requests
            #expect(received.count == 2)
            #expect(received.first?.header("Content-Length") == "0")
        }
    }

    @Test func headReturnsHeadersWithoutBody() async throws {
        try await LoopbackHTTPServer.withRunning(handler: { _ in .text(String(repeating: "z", count: 5000)) }) { server in
            let client = makeClient { $0.maxResponseBytes = 100 }
            let response = try await client.execute(.init(method: "HEAD", url: server.baseURL + "/file"))
            await client.shutdown()
            #expect(response.status == 200)
            #expect(response.headers["Content-Length"] == "5000")
            #expect(response.body.isEmpty)
        }
    }

    @Test func emptyHeaderValuesAndCallerUserAgentAreSentAsGiven() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.echo) { server in
            let client = makeClient()
            _ = try await client.execute(.init(
                url: server.baseURL + "/", headers: ["X-Empty": "", "User-Agent": "weep/1.0"]))
            await client.shutdown()
            let received = try #require(server.requests.last)
            #expect(received.headerValues("X-Empty") == [""])
            #expect(received.headerValues("User-Agent") == ["weep/1.0"])
        }
    }
}
