/// An error answer from an AWS service: its error code (`AccessDenied`, `Throttling`,
/// `SignatureDoesNotMatch`, …), message, HTTP status and request id.
///
/// Built only from the code, message and request id of the response, never from the request, so
/// it cannot carry a key, token or signature.
public struct AWSError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var statusCode: Int
    public var requestID: String?
    /// The service and operation that answered (`iam`, `ListRoles`).
    public var service: String
    public var operation: String

    public init(code: String, message: String, statusCode: Int, requestID: String?, service: String, operation: String) {
        self.code = code
        self.message = message
        self.statusCode = statusCode
        self.requestID = requestID
        self.service = service
        self.operation = operation
    }

    public var description: String {
        var text = "\(service).\(operation) failed: \(code) (HTTP \(statusCode))"
        if !message.isEmpty { text += ": \(message)" }
        if let requestID { text += " [request id \(requestID)]" }
        return text
    }

    /// Error codes by which services say "slow down".
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]

    /// Error codes of transient failures on the service's side.
    public static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure",
        "InternalServerError", "ServiceUnavailable", "ServiceUnavailableException", "IDPCommunicationError",
    ]

    public var isThrottling: Bool { Self.throttlingCodes.contains(code) || statusCode == 429 }

    /// Whether retrying the same request may succeed.
    public var isRetryable: Bool {
        isThrottling || Self.transientCodes.contains(code) || [500, 502, 503, 504].contains(statusCode)
    }
}

/// Failures on the client's side of a call: bad input, an unreachable endpoint, an answer that
/// cannot be read. Descriptions name what was wrong without echoing secrets.
public enum AWSClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A parameter the caller gave is not acceptable (named, with the reason).
    case invalidParameter(name: String, reason: String)
    /// The configuration cannot be used (bad region, endpoint URL, …).
    case invalidConfiguration(String)
    /// The request never got an HTTP answer (connection refused, timeout, TLS…).
    case transport(String)
    /// The service answered something that is not what the protocol promises.
    case malformedResponse(String)

    public var description: String {
        switch self {
        case .invalidParameter(let name, let reason): "invalid parameter \(name): \(reason)"
        case .invalidConfiguration(let reason): "invalid AWS configuration: \(reason)"
        case .transport(let reason): "AWS request failed in transport: \(reason)"
        case .malformedResponse(let reason): "malformed AWS response: \(reason)"
        }
    }
}
