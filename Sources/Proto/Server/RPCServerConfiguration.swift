public import PorticoCore

extension RPCServer {
    /// Where and how a server listens.
    public struct Configuration: Sendable {
        /// The address to bind (`listen.<service>`); port 0 picks a free port (see `localPort`).
        public var listen: HostPort
        /// The largest frame payload accepted from a caller (advertised in SETTINGS).
        public var maxFrameSize: Int
        /// The most calls one connection may have running at once; more get RESOURCE_EXHAUSTED.
        public var maxConcurrentStreams: Int
        /// How long a graceful shutdown waits for in-flight calls before cancelling them.
        public var shutdownGracePeriod: Duration
        /// How long a new connection may take to send its preface before it is closed.
        public var handshakeTimeout: Duration

        public init(
            listen: HostPort = HostPort(host: "127.0.0.1", port: 0),
            maxFrameSize: Int = RPCWireFormat.defaultMaxFrameSize,
            maxConcurrentStreams: Int = 1024,
            shutdownGracePeriod: Duration = .seconds(30),
            handshakeTimeout: Duration = .seconds(10)
        ) {
            self.listen = listen
            self.maxFrameSize = maxFrameSize
            self.maxConcurrentStreams = maxConcurrentStreams
            self.shutdownGracePeriod = shutdownGracePeriod
            self.handshakeTimeout = handshakeTimeout
        }

        /// Listens on 127.0.0.1 on a free port, with default limits.
        public static var defaults: Configuration { Configuration() }
    }
}
