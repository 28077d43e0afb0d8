extension PorticoConfiguration {
    /// The limits of every RPC listener (`rpc.server:`), the same for each service.
    public struct RPCServerSettings: Sendable, Hashable {
        /// The largest frame payload accepted from a caller, in bytes (advertised in SETTINGS).
        public var maxFrameSize = 4 * 1024 * 1024
        /// The most calls one connection may have running at once; more get RESOURCE_EXHAUSTED.
        public var maxConcurrentStreams = 1024
        /// Seconds a new connection may take to send its preface before it is closed.
        public var handshakeTimeoutSeconds = 10
        /// Seconds a graceful shutdown waits for in-flight calls before cancelling them.
        public var shutdownGraceSeconds = 30

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            maxFrameSize = try r.int("max_frame_size", default: maxFrameSize, in: 1024...(64 * 1024 * 1024))
            maxConcurrentStreams = try r.int("max_concurrent_streams", default: maxConcurrentStreams, in: 1...100_000)
            handshakeTimeoutSeconds = try r.int("handshake_timeout_seconds", default: handshakeTimeoutSeconds, in: 1...300)
            shutdownGraceSeconds = try r.int("shutdown_grace_seconds", default: shutdownGraceSeconds, in: 0...3600)
        }
    }
}
