extension PorticoConfiguration {
    /// The timeouts of each service's outbound HTTP client (`http_client.<service>`): AWS APIs,
    /// Google, the ALB key endpoint, the federation endpoint.
    public struct HTTPClients: Sendable {
        /// ALB public keys: a slow key endpoint must not hold a sign-in long.
        public var gateway = HTTPClientSettings(connectTimeoutSeconds: 3, requestTimeoutSeconds: 10)
        /// Google's token and Directory endpoints.
        public var auth = HTTPClientSettings(connectTimeoutSeconds: 3, requestTimeoutSeconds: 15)
        /// STS and the federation endpoint.
        public var credentials = HTTPClientSettings(connectTimeoutSeconds: 3, requestTimeoutSeconds: 15)
        /// Every AWS API a sweep calls (large IAM pages).
        public var cache = HTTPClientSettings(connectTimeoutSeconds: 5, requestTimeoutSeconds: 30)
        public var requests = HTTPClientSettings(connectTimeoutSeconds: 5, requestTimeoutSeconds: 30)

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            gateway = try HTTPClientSettings(reading: r.section("gateway"), defaults: gateway)
            auth = try HTTPClientSettings(reading: r.section("auth"), defaults: auth)
            credentials = try HTTPClientSettings(reading: r.section("credentials"), defaults: credentials)
            cache = try HTTPClientSettings(reading: r.section("cache"), defaults: cache)
            requests = try HTTPClientSettings(reading: r.section("requests"), defaults: requests)
        }
    }

    /// One service's outbound HTTP timeouts.
    public struct HTTPClientSettings: Sendable, Hashable {
        /// How long establishing a connection (TCP and TLS) may take.
        public var connectTimeoutSeconds: Int
        /// How long a whole request may take, connecting included.
        public var requestTimeoutSeconds: Int

        public init(connectTimeoutSeconds: Int, requestTimeoutSeconds: Int) {
            self.connectTimeoutSeconds = connectTimeoutSeconds
            self.requestTimeoutSeconds = requestTimeoutSeconds
        }

        init(reading r: ConfigReader, defaults: HTTPClientSettings) throws(ConfigError) {
            connectTimeoutSeconds = try r.int("connect_timeout_seconds", default: defaults.connectTimeoutSeconds, in: 1...300)
            requestTimeoutSeconds = try r.int("request_timeout_seconds", default: defaults.requestTimeoutSeconds, in: 1...3600)
        }
    }
}
