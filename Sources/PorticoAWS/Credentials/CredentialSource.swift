import Foundation
public import Logging
public import PorticoHTTP

/// One place the provider chain looks for credentials.
public protocol CredentialSource: Sendable {
    /// How the source is named in errors and logs (`environment`, `profile dev`, `IMDSv2`…).
    var name: String { get }
    /// Fresh credentials, nil when this source is not configured here; throws when it is
    /// configured but fails (the chain then stops: a broken source must not be skipped silently).
    func load() async throws -> AWSCredentials?
}

/// What credential sources need to call STS or a metadata endpoint: the configuration (region,
/// endpoint override), the HTTP client, a logger and the runtime.
public struct CredentialSourceContext: Sendable {
    public var environment: CredentialEnvironment
    public var configuration: AWSConfiguration
    public var http: HTTPClient
    public var logger: Logger
    public var runtime: AWSRuntime

    public init(
        environment: CredentialEnvironment, configuration: AWSConfiguration, http: HTTPClient, logger: Logger,
        runtime: AWSRuntime = .live
    ) {
        self.environment = environment
        self.configuration = configuration
        self.http = http
        self.logger = logger
        self.runtime = runtime
    }

    /// An STS client signing with `credentials` (in `region` when given).
    func sts(credentials: AWSCredentials, region: String? = nil) -> STSClient {
        var configuration = configuration
        if let region {
            configuration.region = region
            configuration.partition = AWSPartition(region: region)
        }
        return STSClient(client: AWSClient(
            configuration: configuration, credentials: StaticCredentialProvider(credentials), http: http,
            logger: logger, runtime: runtime))
    }

    /// An STS client for unsigned calls (web identity).
    func anonymousSTS(region: String? = nil) -> STSClient {
        sts(credentials: AWSCredentials(accessKeyID: "", secretAccessKey: ""), region: region)
    }

    /// A session name for roles assumed on the process's own behalf.
    func defaultSessionName() -> String {
        "portico-\(Int(runtime.now().timeIntervalSince1970))"
    }
}

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optionally `AWS_SESSION_TOKEN`.
public struct EnvironmentCredentialSource: CredentialSource {
    public let environment: CredentialEnvironment
    public var name: String { "environment" }

    public init(environment: CredentialEnvironment) { self.environment = environment }

    public func load() async throws -> AWSCredentials? {
        let keyID = environment["AWS_ACCESS_KEY_ID"]
        let secret = environment["AWS_SECRET_ACCESS_KEY"]
        switch (keyID, secret) {
        case (nil, nil):
            return nil
        case (let keyID?, let secret?):
            return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"])
        default:
            throw AWSCredentialsError.sourceFailed(
                source: name, reason: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together")
        }
    }
}
