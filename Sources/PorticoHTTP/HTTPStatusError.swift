/// A response whose status is not 2xx, raised by `HTTPClient.Response.expectSuccess()`.
///
/// Its description names the URL without query string or userinfo and shows at most a short,
/// printable prefix of the body.
public struct HTTPStatusError: Error, CustomStringConvertible, Sendable {
    public let status: Int
    public let body: [UInt8]
    /// The request's URL without userinfo, query or fragment.
    public let url: String

    /// How many body bytes the description shows at most.
    static let descriptionBodyLimit = 256

    public init(status: Int, body: [UInt8], url: String) {
        self.status = status
        self.body = body
        self.url = URLRedaction.redact(url)
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    public var description: String {
        var text = "HTTP \(status) from \(url)"
        guard !body.isEmpty else { return text }
        let shown = body.prefix(Self.descriptionBodyLimit).map { byte -> Character in
            (0x20..<0x7f).contains(byte) ? Character(UnicodeScalar(byte)) : "."
        }
        text += ": " + String(shown)
        if body.count > Self.descriptionBodyLimit { text += "… (\(body.count) bytes)" }
        return text
    }
}
