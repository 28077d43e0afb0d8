@testable import PorticoHTTP
import Testing

/// How libcurl's header lines and body pieces become a response, and when they are refused.
@Suite struct ResponseCollectorTests {
    private func feed(_ collector: ResponseCollector, header line: String) -> Bool {
        Array(line.utf8).withUnsafeBytes { collector.receiveHeaderLine($0) }
    }

    private func feed(_ collector: ResponseCollector, body: [UInt8]) -> Bool {
        body.withUnsafeBytes { collector.receiveBody($0) }
    }

    private func collector(limit: Int = 100, expectsBody: Bool = true, follows: Bool = false) -> ResponseCollector {
        ResponseCollector(maxBodyBytes: limit, maxHeaderBytes: 1024, expectsBody: expectsBody, followsRedirects: follows)
    }

    @Test func onlyTheLastResponsesHeadersAreKept() {
        let collector = collector()
        for line in ["HTTP/1.1 100 Continue\r\n", "\r\n", "HTTP/1.1 200 OK\r\n", "Content-Type: text/plain\r\n",
                     "X-Folded: first\r\n", "\t second\r\n", "\r\n"] {
            #expect(feed(collector, header: line))
        }
        #expect(collector.status == 200)
        #expect(collector.headers["content-type"] == "text/plain")
        #expect(collector.headers["X-Folded"] == "first second")
        #expect(collector.headers.count == 2)
    }

    @Test func aDeclaredLengthOverTheLimitIsRefusedAtTheHeader() {
        let collector = collector(limit: 10)
        #expect(feed(collector, header: "HTTP/1.1 200 OK\r\n"))
        #expect(!feed(collector, header: "Content-Length: 11\r\n"))
        #expect(collector.refusal == .bodyTooLarge(limit: 10))
    }

    @Test func aDeclaredLengthIsNotHeldAgainstHeadOrAFollowedRedirect() {
        let head = collector(limit: 10, expectsBody: false)
        #expect(feed(head, header: "HTTP/1.1 200 OK\r\n"))
        #expect(feed(head, header: "Content-Length: 5000\r\n"))
        let redirect = collector(limit: 10, follows: true)
        #expect(feed(redirect, header: "HTTP/1.1 301 Moved\r\n"))
        #expect(feed(redirect, header: "Content-Length: 5000\r\n"))
        #expect(feed(redirect, header: "HTTP/1.1 200 OK\r\n"))
        #expect(!feed(redirect, header: "Content-Length: 5000\r\n"))
    }

    @Test func theBodyIsRefusedAsSoonAsItPassesTheLimit() {
        let collector = collector(limit: 10)
        #expect(feed(collector, body: [UInt8](repeating: 1, count: 6)))
        #expect(feed(collector, body: [UInt8](repeating: 2, count: 4)))
        #expect(!feed(collector, body: [3]))
        #expect(collector.body.count == 10)
        #expect(collector.refusal == .bodyTooLarge(limit: 10))
    }

    @Test func endlessHeadersAreRefused() {
        let collector = collector()
        #expect(feed(collector, header: "HTTP/1.1 200 OK\r\n"))
        var accepted = true
        for n in 0..<200 where accepted { accepted = feed(collector, header: "X-Filler-\(n): 0123456789\r\n") }
        #expect(!accepted)
        #expect(collector.refusal == .headersTooLarge(limit: 1024))
    }
}
