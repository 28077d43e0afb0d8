import PorticoHTTP
import Testing

/// Header fields keep their order and compare names without regard to case.
@Suite struct HeadersTests {
    @Test func lookupIgnoresCaseAndReturnsTheFirstValue() {
        var headers: HTTPClient.Headers = ["Content-Type": "application/json"]
        headers.add(name: "Set-Cookie", value: "a=1")
        headers.add(name: "set-cookie", value: "b=2")
        #expect(headers["content-type"] == "application/json")
        #expect(headers["SET-COOKIE"] == "a=1")
        #expect(headers.values(for: "Set-Cookie") == ["a=1", "b=2"])
        #expect(headers["Missing"] == nil)
        #expect(headers.map(\.name) == ["Content-Type", "Set-Cookie", "set-cookie"])
    }

    @Test func replaceOrAddKeepsOneFieldInThePlaceOfTheFirst() {
        var headers = HTTPClient.Headers([("A", "1"), ("X-Token", "old"), ("B", "2"), ("x-token", "older")])
        headers.replaceOrAdd(name: "X-TOKEN", value: "new")
        #expect(headers.map(\.name) == ["A", "X-Token", "B"])
        #expect(headers["x-token"] == "new")
        headers.replaceOrAdd(name: "C", value: "3")
        #expect(headers.count == 4)
        #expect(headers["c"] == "3")
    }

    @Test func removeDropsEveryFieldOfTheName() {
        var headers = HTTPClient.Headers([("A", "1"), ("a", "2"), ("B", "3")])
        headers.remove(name: "A")
        #expect(headers == HTTPClient.Headers([("b", "3")]))
    }
}
