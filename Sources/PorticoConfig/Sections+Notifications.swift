extension PorticoConfiguration {
    /// Where Portico posts notifications for people (`slack:`).
    public struct Slack: Sendable {
        /// The incoming-webhook URL (`slack.webhook_url`, or `PORTICO_SLACK_WEBHOOK_URL`). The URL
        /// is the credential, so it is a secret: never logged, https outside development.
        public var webhookURL: Secret?
        /// Whether policy requests and their decisions are posted (`slack.notifications_enabled`).
        public var notificationsEnabled = false

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            webhookURL = try r.secret("webhook_url")
            notificationsEnabled = try r.bool("notifications_enabled", default: notificationsEnabled)
        }
    }

    /// E-mail about policy requests through SES (`ses:`): off while `sender` is unset.
    public struct SES: Sendable {
        /// The From address (verified in SES).
        public var sender: String?
        public var region = "us-east-1"
        /// Who is told of new requests and of comments by requesters.
        public var reviewers: [String] = []

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            sender = try r.optionalString("sender")
            region = try r.string("region", default: region)
            reviewers = try r.strings("reviewers")
        }
    }
}
