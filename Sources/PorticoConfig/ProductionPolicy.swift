import Foundation

/// What a production start needs beyond its secrets (`SecretPolicy`): every URL Portico sends
/// trust or secrets through is https (the ALB's public keys, AWS console federation, Google's
/// token and directory endpoints, the Slack webhook), and Google Directory, when enabled, has its
/// key file and subject; the audit streams are archived to S3 (`audit.archive.bucket`), so that
/// trimming a stream never drops an event and a lost Redis does not break the chain. A refusal
/// names the key, never the value.
enum ProductionPolicy {
    static func check(_ configuration: PorticoConfiguration) throws(ConfigError) {
        guard configuration.environment != .dev else { return }
        try checkURLs(configuration)
        try checkGoogle(configuration.google)
        guard let bucket = configuration.audit.archive.bucket, !bucket.isEmpty else {
            throw .invalidValue(
                key: "audit.archive.bucket",
                expected: "the S3 bucket the audit streams are archived to (required unless environment is dev)", found: "nothing")
        }
    }

    private static func checkURLs(_ configuration: PorticoConfiguration) throws(ConfigError) {
        let urls: [(key: String, value: String?)] = [
            ("auth.alb.public_key_url", configuration.auth.alb.publicKeyURL),
            ("aws.federation_url", configuration.aws.federationURL),
            ("google.token_url", configuration.google.tokenURL),
            ("google.directory_url", configuration.google.directoryURL),
            ("slack.webhook_url", configuration.slack.webhookURL?.exposed),
        ]
        for (key, value) in urls {
            guard let value else { continue }
            guard isHTTPS(value) else { throw .insecureURL(key: key) }
        }
    }

    /// What AuthService refuses to start without in production when Google Directory is on.
    private static func checkGoogle(_ google: PorticoConfiguration.Google) throws(ConfigError) {
        guard google.enabled else { return }
        guard let path = google.serviceKeyFile, !path.isEmpty else {
            throw .invalidValue(
                key: "google.service_key_file", expected: "a service-account key file when google.enabled is true",
                found: "nothing")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw .unreadable(path: path, reason: "config key 'google.service_key_file' names a file that cannot be read")
        }
        guard let subject = google.credentialSubject, !subject.isEmpty else {
            throw .invalidValue(
                key: "google.credential_subject",
                expected: "the Workspace admin the service account acts as when google.enabled is true", found: "nothing")
        }
    }

    /// `https://` followed by a host (the scheme compared without regard to case).
    static func isHTTPS(_ url: String) -> Bool {
        let scheme = "https://"
        guard url.count > scheme.count, url.prefix(scheme.count).lowercased() == scheme else { return false }
        guard let hostStart = url.dropFirst(scheme.count).first else { return false }
        return !"/?#:@".contains(hostStart)
    }
}
