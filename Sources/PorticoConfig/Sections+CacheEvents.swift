extension PorticoConfiguration {
    /// IAM change events the cache consumes (`cache.events:`): CloudTrail events wrapped by
    /// EventBridge and delivered to an SQS queue in the hub account. Each names one role, which
    /// the cache reads again at once instead of waiting for the next sweep; denied calls
    /// (`AccessDenied`, `UnauthorizedOperation`) are counted per role. Off while `queue_url` is
    /// unset.
    public struct CacheEvents: Sendable {
        /// The queue's URL (`https://sqs.<region>.amazonaws.com/<hub account>/<name>`).
        public var queueURL: String?
        /// The queue's region; the configuration's `region` when unset.
        public var region: String?
        /// Seconds one receive waits for a message (long polling, 1 to 20).
        public var waitSeconds = 20
        /// Seconds a received message stays invisible before SQS hands it out again (it is
        /// deleted once handled; one whose refresh failed comes back after this).
        public var visibilityTimeout = 60
        /// Days a role's denied calls are kept after the last one.
        public var deniedRetentionDays = 30
        /// Distinct action and resource pairs kept per role (later new ones are not counted).
        public var maxDeniedPerRole = 200
        /// Receive loops per cache process.
        public var consumers = 1

        public init() {}

        /// Whether the cache consumes events at all.
        public var isEnabled: Bool { queueURL != nil }

        init(reading r: ConfigReader) throws(ConfigError) {
            queueURL = try r.optionalString("queue_url")
            if let url = queueURL {
                let lowered = url.lowercased()
                guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://") else {
                    throw .invalidValue(key: r.keyPath("queue_url"), expected: "an SQS queue URL (https://…)", found: "another text")
                }
            }
            region = try r.optionalString("region")
            waitSeconds = try r.int("wait_seconds", default: waitSeconds, in: 1...20)
            visibilityTimeout = try r.int("visibility_timeout", default: visibilityTimeout, in: 1...43_200)
            deniedRetentionDays = try r.int("denied_retention_days", default: deniedRetentionDays, in: 1...400)
            maxDeniedPerRole = try r.int("max_denied_per_role", default: maxDeniedPerRole, in: 1...10_000)
            consumers = try r.int("consumers", default: consumers, in: 1...16)
        }
    }
}
