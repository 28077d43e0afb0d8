/// An AWS partition: a set of regions with its own DNS suffix and global-service home.
public enum AWSPartition: String, Sendable, CaseIterable {
    case aws
    case awsCN = "aws-cn"
    case awsUSGov = "aws-us-gov"

    /// The partition a region belongs to (`cn-…` is aws-cn, `us-gov-…` aws-us-gov, else aws).
    public init(region: String) {
        if region.hasPrefix("cn-") {
            self = .awsCN
        } else if region.hasPrefix("us-gov-") {
            self = .awsUSGov
        } else {
            self = .aws
        }
    }

    public var dnsSuffix: String {
        switch self {
        case .aws, .awsUSGov: "amazonaws.com"
        case .awsCN: "amazonaws.com.cn"
        }
    }
}

/// Everything an AWS client needs besides credentials: where to send requests and how hard to
/// retry. One `endpointURL` override (moto in development and tests) applies to every service.
public struct AWSConfiguration: Sendable {
    /// The region for regional services and for signing.
    public var region: String
    /// When set, every service is called at this URL (`http://127.0.0.1:5000`) instead of AWS.
    public var endpointURL: String?
    public var partition: AWSPartition
    /// Use the FIPS 140 endpoints (`sts-fips.us-east-1.amazonaws.com`, …).
    public var useFIPS: Bool
    /// How often a call is tried at most (first attempt included).
    public var maxAttempts: Int
    /// Backoff between attempts.
    public var retry: RetryConfiguration
    /// How long one HTTP exchange may take.
    public var requestTimeout: Duration
    /// Headers added to every request (and signed), e.g. a tracing header.
    public var additionalHeaders: [HeaderField]

    public init(
        region: String = "us-east-1", endpointURL: String? = nil, partition: AWSPartition? = nil,
        useFIPS: Bool = false, maxAttempts: Int = 3, retry: RetryConfiguration = .defaults,
        requestTimeout: Duration = .seconds(30), additionalHeaders: [HeaderField] = []
    ) {
        self.region = region
        self.endpointURL = endpointURL
        self.partition = partition ?? AWSPartition(region: region)
        self.useFIPS = useFIPS
        self.maxAttempts = maxAttempts
        self.retry = retry
        self.requestTimeout = requestTimeout
        self.additionalHeaders = additionalHeaders
    }

    public static var defaults: AWSConfiguration { AWSConfiguration() }
}

/// Capped exponential backoff with full jitter: before retry n (n = 1, 2, …) the client sleeps a
/// random time in `0 ..< min(maxBackoff, baseDelay · 2^(n-1))`, or at least what the service asked
/// for in `Retry-After` (up to `maxRetryAfter`; a longer request is not retried).
public struct RetryConfiguration: Sendable, Equatable {
    public var baseDelay: Duration
    public var maxBackoff: Duration
    public var maxRetryAfter: Duration

    public init(baseDelay: Duration = .milliseconds(100), maxBackoff: Duration = .seconds(20), maxRetryAfter: Duration = .seconds(60)) {
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
        self.maxRetryAfter = maxRetryAfter
    }

    public static var defaults: RetryConfiguration { RetryConfiguration() }
}
