import PorticoHTTP
import PorticoTestSupport
import Testing

/// Non-2xx responses are responses, not transport errors; `expectSuccess()` turns them into errors.
@Suite struct HTTPClientStatusTests {
    static let routes: LoopbackHTTPServer.Handler = { request in
        switch request.path {
        case "/missing": .json(#"{"code":"404","message":"no such role"}"#, status: 404)
        case "/broken": .text("internal failure\n\u{1}trace", status: 500)
        case "/ok": .text("fine")
        default: .text("unexpected", status: 400)
        }
    }

    @Test(arguments: [("/missing", 404, #"{"code":"404","message":"no such role"}"#),
                      ("/broken", 500, "internal failure\n\u{1}trace")])
    func nonSuccessIsReturnedWithItsStatusAndBody(path: String, status: Int, body: String) async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.routes) { server in
            let client = makeClient()
            let response = try await client.execute(.init(url: server.baseURL + path))
            await client.shutdown()
            #expect(response.status == status)
            #expect(response.bodyText == body)
            #expect(!response.isSuccess)
        }
    }

    @Test func expectSuccessThrowsTheStatusAndBody() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.routes) { server in
            let client = makeClient()
            let response = try await client.execute(.init(url: server.baseURL + "/missing?X-Amz-Signature=secret"))
            await client.shutdown()
            let error = try #require(throws: HTTPStatusError.self) { try response.expectSuccess() }
            #expect(error.status == 404)
            #expect(error.bodyText == #"{"code":"404","message":"no such role"}"#)
            #expect(error.url == server.baseURL + "/missing")
            #expect(error.description.contains("404"))
            #expect(error.description.contains("no such role"))
            #expect(!error.description.contains("secret"))
        }
    }

    @Test func expectSuccessReturnsA2xxResponse() async throws {
        try await LoopbackHTTPServer.withRunning(handler: Self.routes) { server in
            let client = makeClient()
            let response = try await client.execute(.init(url: server.baseURL + "/ok")).expectSuccess()
            await client.shutdown()
            #expect(response.bodyText == "fine")
        }
    }

    @Test func aStatusErrorDescriptionShowsABoundedPrintablePrefix() {
        let body = Array("line\u{0}\u{7}".utf8) + [UInt8](repeating: 0x41, count: 10_000)
        let error = HTTPStatusError(status: 500, body: body, url: "https://sts.amazonaws.com/?Action=AssumeRole&Token=t0p")
        #expect(error.description.hasPrefix("HTTP 500 from https://sts.amazonaws.com/: line.."))
        #expect(error.description.count < 400)
        #expect(error.description.contains("10006 bytes"))
        #expect(!error.description.contains("t0p"))
    }
}
