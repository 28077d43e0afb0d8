extension HTTPClient {
    /// The final response to a request, whatever its status.
    public struct Response: Sendable {
        public var status: Int
        /// The headers of the final response (not of redirects or `100 Continue` before it).
        public var headers: Headers
        public var body: [UInt8]
        /// The request's URL without userinfo, query or fragment, for messages about it.
        public var url: String

        public init(status: Int, headers: Headers = [:], body: [UInt8] = [], url: String = "") {
            self.status = status
            self.headers = headers
            self.body = body
            self.url = URLRedaction.redact(url)
        }

        /// The body decoded as UTF-8 (invalid sequences become U+FFFD).
        public var bodyText: String { String(decoding: body, as: UTF8.self) }

        /// Whether the status is 2xx.
        public var isSuccess: Bool { (200..<300).contains(status) }

        /// Returns the response when its status is 2xx, else throws `HTTPStatusError` carrying the
        /// status and the body.
        @discardableResult
        public func expectSuccess() throws(HTTPStatusError) -> Response {
            guard isSuccess else { throw HTTPStatusError(status: status, body: body, url: url) }
            return self
        }
    }
}
