/// Why a Google Directory lookup failed: Google's status and error message, or what was wrong
/// with its answer. Never carries the service-account key, the assertion or an access token.
public enum GoogleDirectoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which Google endpoint a failure concerns.
    public enum Endpoint: String, Sendable, Hashable {
        /// The OAuth token endpoint (`google.token_url`).
        case token
        /// Directory `groups.list` (`google.directory_url`).
        case directory
    }

    /// Google answered with a non-2xx status; `message` is Google's error text
    /// (`error_description` or `error.message`), shortened and cleaned.
    case rejected(endpoint: Endpoint, status: Int, message: String)
    /// No answer: connection refused, timeout, TLS failure, or a response too large.
    case unreachable(endpoint: Endpoint, reason: String)
    /// A 2xx answer that is not what the API returns.
    case malformedResponse(endpoint: Endpoint, reason: String)
    /// `groups.list` kept returning further pages beyond the limit.
    case tooManyPages(limit: Int)
    /// The assertion could not be signed.
    case signingFailed(reason: String)

    /// The HTTP status Google answered with, when it answered with an error.
    public var status: Int? {
        if case .rejected(_, let status, _) = self { return status }
        return nil
    }

    public var description: String {
        switch self {
        case .rejected(let endpoint, let status, let message):
            "Google \(endpoint.label) answered HTTP \(status): \(message)"
        case .unreachable(let endpoint, let reason):
            "Google \(endpoint.label) could not be reached: \(reason)"
        case .malformedResponse(let endpoint, let reason):
            "Google \(endpoint.label) sent an unexpected answer: \(reason)"
        case .tooManyPages(let limit):
            "Google Directory groups.list returned more than \(limit) pages"
        case .signingFailed(let reason):
            "the Google service-account assertion could not be signed: \(reason)"
        }
    }
}

extension GoogleDirectoryError.Endpoint {
    var label: String {
        switch self {
        case .token: "token endpoint"
        case .directory: "Directory groups.list"
        }
    }
}
