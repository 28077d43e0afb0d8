import PorticoHTTP
import PorticoTestSupport
import Testing

/// Bad URLs, methods and headers are refused with a typed error before anything is sent.
@Suite struct HTTPClientInputTests {
    @Test(arguments: ["", "not a url", "ftp://example.com/file", "file:///etc/passwd", "http://",
                      "http://exa mple.com/", "://missing-scheme", "http://host\u{0}.example/"])
    func anUnusableURLIsInvalidURL(url: String) async {
        let client = makeClient()
        let error = await clientError { try await client.execute(.init(url: url)) }
        await client.shutdown()
        guard case .invalidURL = error else {
            Issue.record("expected invalidURL for \(url.debugDescription), got \(String(describing: error))")
            return
        }
    }

    @Test func anInvalidURLErrorKeepsNoQueryOrUserinfo() async {
        let client = makeClient()
        let error = await clientError {
            try await client.execute(.init(url: "ftp://admin:hunter2@example.com/x?X-Amz-Signature=secret"))
        }
        await client.shutdown()
        let text = String(describing: error)
        #expect(text.contains("ftp://example.com/x"))
        #expect(!text.contains("hunter2"))
        #expect(!text.contains("secret"))
    }

    @Test(arguments: ["GET /", "", "GE\rT", "PÖST"])
    func aMalformedMethodIsInvalidRequest(method: String) async {
        let client = makeClient()
        let error = await clientError { try await client.execute(.init(method: method, url: "http://127.0.0.1:1/")) }
        await client.shutdown()
        guard case .invalidRequest = error else {
            Issue.record("expected invalidRequest for \(method.debugDescription), got \(String(describing: error))")
            return
        }
    }

    @Test func aHeaderValueWithALineBreakIsRefusedWithoutQuotingIt() async throws {
        try await LoopbackHTTPServer.withRunning(handler: { _ in .text("ok") }) { server in
            let client = makeClient()
            let error = await clientError {
                try await client.execute(.init(
                    url: server.baseURL + "/", headers: ["Authorization": "Bearer tok\r\nX-Injected: 1"]))
            }
            await client.shutdown()
            guard case .invalidRequest(let reason) = error else {
                Issue.record("expected invalidRequest, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("Authorization"))
            #expect(!reason.contains("tok"))
            #expect(server.requestCount == 0)
        }
    }

    @Test(arguments: [["Bad Name": "x"], ["": "x"], ["Transfer-Encoding": "chunked"], ["Content-Length": "99"]])
    func aHeaderTheClientCannotSendAsGivenIsInvalidRequest(headers: [String: String]) async {
        let client = makeClient()
        let request = HTTPClient.Request(
            method: "POST", url: "http://127.0.0.1:1/", headers: HTTPClient.Headers(headers.map { ($0.key, $0.value) }),
            body: [1, 2, 3])
        let error = await clientError { try await client.execute(request) }
        await client.shutdown()
        guard case .invalidRequest = error else {
            Issue.record("expected invalidRequest for \(headers), got \(String(describing: error))")
            return
        }
    }

    @Test func aNonPositiveTimeoutOrNegativeLimitIsInvalidRequest() async {
        let client = makeClient()
        let zeroTimeout = await clientError { try await client.execute(.init(url: "http://127.0.0.1:1/", timeout: .zero)) }
        let negativeLimit = await clientError { try await client.execute(.init(url: "http://127.0.0.1:1/", maxResponseBytes: -1)) }
        await client.shutdown()
        #expect(zeroTimeout == .invalidRequest("the timeout must be positive"))
        #expect(negativeLimit == .invalidRequest("maxResponseBytes must not be negative"))
    }
}
