import PorticoConfig
import Testing

/// The cache's IAM change events under `cache.events:`: off unless a queue is named.
@Suite struct CacheEventsConfigTests {
    let loader = ConfigLoader(environment: [:], workingDirectory: "/nonexistent-portico-dir")

    @Test func eventsAreOffByDefault() throws {
        let events = try loader.load(yaml: "environment: dev").configuration.cache.events
        #expect(!events.isEnabled)
        #expect(events.waitSeconds == 20)
    }

    @Test func theQueueAndItsSettingsAreRead() throws {
        let loaded = try loader.load(yaml: """
            environment: dev
            cache: {events: {queue_url: "https://sqs.eu-west-1.amazonaws.com/123456789012/iam-events", region: eu-west-1,
                    wait_seconds: 5, visibility_timeout: 120, denied_retention_days: 7, max_denied_per_role: 50, consumers: 2}}
            """)
        #expect(!loaded.warnings.contains { $0.contains("unknown") })
        let events = loaded.configuration.cache.events
        #expect(events.queueURL == "https://sqs.eu-west-1.amazonaws.com/123456789012/iam-events")
        #expect(events.region == "eu-west-1" && events.waitSeconds == 5 && events.visibilityTimeout == 120)
        #expect(events.deniedRetentionDays == 7 && events.maxDeniedPerRole == 50 && events.consumers == 2)
    }

    @Test(arguments: [
        ("cache: {events: {queue_url: iam-events}}", "cache.events.queue_url"),
        ("cache: {events: {wait_seconds: 21}}", "cache.events.wait_seconds"),
        ("cache: {events: {consumers: 0}}", "cache.events.consumers"),
    ])
    func aBadValueIsRefusedWithItsKey(yaml: String, key: String) {
        #expect {
            _ = try loader.load(yaml: yaml)
        } throws: { error in
            "\(error)".contains(key)
        }
    }
}
