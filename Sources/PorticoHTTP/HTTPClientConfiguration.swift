extension HTTPClient {
    /// Limits and TLS settings shared by every request of one client; a request may override the
    /// timeout and the response size cap.
    public struct Configuration: Sendable {
        /// How long establishing a connection (TCP and TLS) may take.
        public var connectTimeout: Duration
        /// How long a whole request may take, connecting included.
        public var requestTimeout: Duration
        /// The largest response body accepted; a longer one fails with `responseTooLarge`.
        /// Zero or less refuses any non-empty body.
        public var maxResponseBytes: Int
        /// Whether the server's certificate and host name are verified. Only tests turn this off.
        public var verifyTLS: Bool
        /// A PEM bundle of trusted CAs instead of the system's.
        public var caBundlePath: String?
        /// How many connections may be open to one host at a time; further requests wait.
        public var maxConnectionsPerHost: Int
        /// The `User-Agent` sent unless a request sets its own.
        public var userAgent: String

        public init(
            connectTimeout: Duration = .seconds(5),
            requestTimeout: Duration = .seconds(30),
            maxResponseBytes: Int = 16 * 1024 * 1024,
            verifyTLS: Bool = true,
            caBundlePath: String? = nil,
            maxConnectionsPerHost: Int = 8,
            userAgent: String = "Portico"
        ) {
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.maxResponseBytes = maxResponseBytes
            self.verifyTLS = verifyTLS
            self.caBundlePath = caBundlePath
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.userAgent = userAgent
        }

        /// 5 s to connect, 30 s per request, 16 MiB responses, TLS verified against the system's
        /// CAs, 8 connections per host.
        public static var defaults: Configuration { Configuration() }
    }
}
