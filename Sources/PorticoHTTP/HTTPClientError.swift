/// Why a request got no HTTP response. URLs in it have no query string, fragment or userinfo,
/// which may hold signatures or tokens.
public enum HTTPClientError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The URL cannot be used: malformed, not http/https, no host. Carries the redacted URL and why.
    case invalidURL(String)
    /// The method or a header is malformed (e.g. a line break in a value); says what, never the value.
    case invalidRequest(String)
    /// The request did not complete within its timeout (connecting included).
    case timeout(url: String)
    /// The response body is longer than the limit, so the transfer was abandoned.
    case responseTooLarge(limit: Int, url: String)
    /// No connection could be made (refused, unreachable, name not resolved).
    case connectionFailed(url: String, reason: String)
    /// The TLS handshake or certificate verification failed.
    case tls(url: String, reason: String)
    /// Any other libcurl failure, with its `CURLcode`.
    case transport(code: Int, reason: String)
    /// The client was shut down before or during the request.
    case shutdown

    public var description: String {
        switch self {
        case .invalidURL(let detail): "invalid URL \(detail)"
        case .invalidRequest(let detail): "invalid request: \(detail)"
        case .timeout(let url): "request to \(url) timed out"
        case .responseTooLarge(let limit, let url): "response from \(url) is larger than \(limit) bytes"
        case .connectionFailed(let url, let reason): "could not connect for \(url): \(reason)"
        case .tls(let url, let reason): "TLS failure for \(url): \(reason)"
        case .transport(let code, let reason): "HTTP transport error \(code): \(reason)"
        case .shutdown: "the HTTP client is shut down"
        }
    }
}
