public import PorticoTLS
public import PorticoCore

extension RPCServer {
    /// Where and how a server listens, and the limits it holds every connection to.
    public struct Configuration: Sendable {
        /// The address to bind (`listen.<service>`); port 0 picks a free port (see `localPort`).
        public var listen: HostPort
        /// The largest frame payload accepted from a caller (advertised in SETTINGS).
        public var maxFrameSize: Int
        /// The most calls one connection may have running at once; more get RESOURCE_EXHAUSTED
        /// (`rpc.server.max_concurrent_streams`).
        public var maxConcurrentStreams: Int
        /// The most connections open at once, counting those still in their handshake; a
        /// connection beyond it is closed as soon as it is accepted (`rpc.server.max_connections`).
        public var maxConnections: Int
        /// How long a graceful shutdown waits for in-flight calls before cancelling them.
        public var shutdownGracePeriod: Duration
        /// How long a new connection may take to send its preface before it is closed
        /// (`rpc.server.preface_timeout_seconds`).
        public var handshakeTimeout: Duration
        /// How long a frame may take to arrive once its first byte has (header and payload):
        /// a connection holding a partial frame longer is sent GOAWAY PROTOCOL_ERROR and closed
        /// (`rpc.server.frame_timeout_seconds`).
        public var frameTimeout: Duration
        /// How long a connection with no call open may read nothing before the server drains it
        /// (GOAWAY NO_ERROR and PING, as in a shutdown) and closes it (`rpc.server.idle_timeout_seconds`).
        /// A PING counts as something read, so Portico's clients, which ping after 30 s of
        /// silence, keep their connections.
        public var idleTimeout: Duration
        /// TLS for every connection (`rpc.tls`); nil serves plain TCP, for loopback and
        /// development (a listener on another address logs a warning).
        public var tls: TLSContext?

        public init(
            listen: HostPort = HostPort(host: "127.0.0.1", port: 0),
            maxFrameSize: Int = RPCWireFormat.defaultMaxFrameSize,
            maxConcurrentStreams: Int = 1024,
            maxConnections: Int = 1024,
            shutdownGracePeriod: Duration = .seconds(30),
            handshakeTimeout: Duration = .seconds(10),
            frameTimeout: Duration = .seconds(30),
            idleTimeout: Duration = .seconds(120),
            tls: TLSContext? = nil
        ) {
            self.listen = listen
            self.maxFrameSize = maxFrameSize
            self.maxConcurrentStreams = maxConcurrentStreams
            self.maxConnections = maxConnections
            self.shutdownGracePeriod = shutdownGracePeriod
            self.handshakeTimeout = handshakeTimeout
            self.frameTimeout = frameTimeout
            self.idleTimeout = idleTimeout
            self.tls = tls
        }

        /// Listens on 127.0.0.1 on a free port, with default limits.
        public static var defaults: Configuration { Configuration() }
    }
}
