extension PorticoConfiguration {
    /// The limits of every RPC listener (`rpc.server:`), the same for each service.
    public struct RPCServerSettings: Sendable, Hashable {
        /// The largest frame payload accepted from a caller, in bytes (advertised in SETTINGS).
        public var maxFrameSize = 4 * 1024 * 1024
        /// The most calls one connection may have running at once; more get RESOURCE_EXHAUSTED.
        public var maxConcurrentStreams = 1024
        /// The most connections one listener keeps open, counting those still in their handshake.
        public var maxConnections = 1024
        /// Seconds a new connection may take to send its preface before it is closed.
        public var prefaceTimeoutSeconds = 10
        /// Seconds a frame may take to arrive once begun.
        public var frameTimeoutSeconds = 30
        /// Seconds a connection with no call open may stay silent before it is drained.
        public var idleTimeoutSeconds = 120
        /// Seconds a graceful shutdown waits for in-flight calls before cancelling them.
        public var shutdownGraceSeconds = 30

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            maxFrameSize = try r.int("max_frame_size", default: maxFrameSize, in: 1024...(64 * 1024 * 1024))
            maxConcurrentStreams = try r.int("max_concurrent_streams", default: maxConcurrentStreams, in: 1...100_000)
            maxConnections = try r.int("max_connections", default: maxConnections, in: 1...1_000_000)
            prefaceTimeoutSeconds = try r.int("preface_timeout_seconds", default: prefaceTimeoutSeconds, in: 1...300)
            frameTimeoutSeconds = try r.int("frame_timeout_seconds", default: frameTimeoutSeconds, in: 1...3600)
            idleTimeoutSeconds = try r.int("idle_timeout_seconds", default: idleTimeoutSeconds, in: 1...86_400)
            shutdownGraceSeconds = try r.int("shutdown_grace_seconds", default: shutdownGraceSeconds, in: 0...3600)
        }
    }
}
