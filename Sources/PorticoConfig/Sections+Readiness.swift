extension PorticoConfiguration {
    /// How every service reports readiness and drains (`readiness:`): a service is ready while
    /// each dependency it has answers within `check_timeout_seconds` (Redis, the services it
    /// calls, DynamoDB for requests), and after SIGTERM it reports not-ready for
    /// `drain_seconds` while it still accepts calls, so load balancers, Kubernetes endpoints and
    /// `dns:` replica lists stop sending it work before it stops listening.
    public struct Readiness: Sendable {
        /// Seconds between SIGTERM and the listeners closing, reporting not-ready meanwhile
        /// (0: close at once). Set it above the probe period plus `rpc.dns.refresh_seconds`.
        public var drainSeconds = 0
        /// Seconds one dependency check may take before it counts as not answering.
        public var checkTimeoutSeconds = 2

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            drainSeconds = try r.int("drain_seconds", default: drainSeconds, in: 0...600)
            checkTimeoutSeconds = try r.int("check_timeout_seconds", default: checkTimeoutSeconds, in: 1...60)
        }
    }
}
