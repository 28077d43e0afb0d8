@testable import PorticoHTTP
import Testing

/// What remains of a URL once its secret parts are gone.
@Suite struct URLRedactionTests {
    @Test(arguments: [
        ("https://sts.amazonaws.com/?Action=AssumeRole&X-Amz-Signature=abc", "https://sts.amazonaws.com/"),
        ("https://user:pass@example.com:8443/a/b?x=1#top", "https://example.com:8443/a/b"),
        ("http://token@host/p", "http://host/p"),
        ("http://host/p#frag", "http://host/p"),
        ("user:pass@host/p?q", "host/p"),
        ("http://host/p\r\nX: y", "http://host/p??X: y"),
        ("http://a@b@host/", "http://host/"),
    ])
    func redactionKeepsSchemeHostPortAndPathOnly(url: String, expected: String) {
        #expect(URLRedaction.redact(url) == expected)
    }

    @Test func aVeryLongURLIsCut() {
        let redacted = URLRedaction.redact("https://host/" + String(repeating: "a", count: 10_000))
        #expect(redacted.count == URLRedaction.maxLength + 1)
    }

    @Test func scrubbingBlanksQueryAndUserinfoQuotedInAMessage() {
        let url = "https://me:pw@host/x?sig=zzz"
        let message = URLRedaction.scrub("failed for https://me:pw@host/x?sig=zzz", secretsOf: url)
        #expect(!message.contains("zzz"))
        #expect(!message.contains("me:pw"))
    }
}
