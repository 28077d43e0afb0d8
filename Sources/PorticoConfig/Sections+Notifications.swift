extension PorticoConfiguration {
    /// Where Portico posts notifications for people (`slack:`).
    public struct Slack: Sendable {
        /// The incoming-webhook URL (`slack.webhook_url`, or `PORTICO_SLACK_WEBHOOK_URL`). The URL
        /// is the credential, so it is a secret: never logged, https outside development.
        public var webhookURL: Secret?

        public init() {}

        init(reading r: ConfigReader) throws(ConfigError) {
            webhookURL = try r.secret("webhook_url")
        }
    }
}
