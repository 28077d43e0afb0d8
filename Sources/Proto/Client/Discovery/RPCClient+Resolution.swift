extension RPCClient {
    /// How a client finds the replicas named by `dns:HOST:PORT` entries
    /// (`Configuration.dnsNames`): every address the name resolves to is an endpoint on PORT.
    /// The names are resolved at start, every `interval`, and after a connection to one of their
    /// addresses fails (at most once per `minimumInterval`); a new address gets an endpoint at
    /// once, an address gone from the answer is drained (no new calls; closed once its calls
    /// have answered, or after `drainTimeout`). A lookup that fails keeps the name's previous
    /// addresses, so a resolver hiccup does not empty the service.
    public struct Resolution: Sendable {
        public var interval: Duration
        public var minimumInterval: Duration
        public var drainTimeout: Duration
        public var resolver: any NameResolver

        public init(
            interval: Duration = .seconds(10), minimumInterval: Duration = .seconds(1), drainTimeout: Duration = .seconds(30),
            resolver: any NameResolver = SystemNameResolver()
        ) {
            self.interval = interval
            self.minimumInterval = minimumInterval
            self.drainTimeout = drainTimeout
            self.resolver = resolver
        }

        public static var defaults: Resolution { Resolution() }
    }
}
