extension HTTPClient {
    /// One outbound HTTP(S) request.
    public struct Request: Sendable {
        /// The method token, e.g. `GET`, `POST`, `PUT`, `DELETE`, `HEAD`.
        public var method: String
        /// An absolute `http` or `https` URL.
        public var url: String
        public var headers: Headers
        /// The request body, sent as is (binary-safe) with a `Content-Length`.
        public var body: [UInt8]
        /// Overrides the client's `requestTimeout` for this request.
        public var timeout: Duration?
        /// Whether to follow redirects (at most 5, to http and https only). Off by default: the
        /// 3xx response is returned.
        public var followRedirects: Bool
        /// Overrides the client's `maxResponseBytes` for this request.
        public var maxResponseBytes: Int?

        public init(
            method: String = "GET",
            url: String,
            headers: Headers = [:],
            body: [UInt8] = [],
            timeout: Duration? = nil,
            followRedirects: Bool = false,
            maxResponseBytes: Int? = nil
        ) {
            self.method = method
            self.url = url
            self.headers = headers
            self.body = body
            self.timeout = timeout
            self.followRedirects = followRedirects
            self.maxResponseBytes = maxResponseBytes
        }
    }
}
