/// A request checked and resolved against the client's configuration: everything the transfer
/// loop needs to configure one easy handle, with overrides applied and limits in libcurl's units.
struct TransferSpec: Sendable {
    let method: String
    /// The full URL, for libcurl only; never logged.
    let url: String
    /// `url` without userinfo, query or fragment, for logs and errors.
    let redactedURL: String
    /// `Name: value` lines for `CURLOPT_HTTPHEADER`, overrides of curl's defaults included.
    let headerLines: [String]
    let body: [UInt8]
    /// Whether the method carries a body (sent with `CURLOPT_POSTFIELDS`, even when empty).
    let sendsBody: Bool
    let connectTimeoutMilliseconds: Int
    let timeoutMilliseconds: Int
    let maxResponseBytes: Int
    let followRedirects: Bool
    let verifyTLS: Bool
    let caBundlePath: String?
    let userAgent: String

    /// How many response header bytes are accepted before the transfer is abandoned.
    static let maxHeaderBytes = 256 * 1024
    /// The redirect budget when a request follows redirects.
    static let maxRedirects = 5

    init(_ request: HTTPClient.Request, configuration: HTTPClient.Configuration) throws(HTTPClientError) {
        let redacted = URLRedaction.redact(request.url)
        try RequestValidation.checkURL(request.url, redacted: redacted)
        try RequestValidation.checkMethod(request.method)
        try RequestValidation.checkHeaders(request.headers, bodyCount: request.body.count)
        if let timeout = request.timeout, timeout <= .zero {
            throw .invalidRequest("the timeout must be positive")
        }
        if let limit = request.maxResponseBytes, limit < 0 {
            throw .invalidRequest("maxResponseBytes must not be negative")
        }

        method = request.method
        url = request.url
        redactedURL = redacted
        body = request.body
        sendsBody = !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method)
        connectTimeoutMilliseconds = configuration.connectTimeout.curlMilliseconds
        timeoutMilliseconds = (request.timeout ?? configuration.requestTimeout).curlMilliseconds
        maxResponseBytes = max(0, request.maxResponseBytes ?? configuration.maxResponseBytes)
        followRedirects = request.followRedirects
        verifyTLS = configuration.verifyTLS
        caBundlePath = configuration.caBundlePath
        userAgent = request.headers["User-Agent"] ?? configuration.userAgent

        var lines: [String] = []
        for (name, value) in request.headers where !HTTPClient.Headers.sameName(name, "User-Agent") {
            // `Name:` would tell libcurl to drop the header; `Name;` sends it with an empty value.
            lines.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        // libcurl adds these to bodies unless told otherwise: a form content type nobody asked
        // for, and `Expect: 100-continue` (a round trip) for large bodies.
        if sendsBody && !request.headers.contains(name: "Content-Type") { lines.append("Content-Type:") }
        if !request.headers.contains(name: "Expect") { lines.append("Expect:") }
        headerLines = lines
    }
}

extension Duration {
    /// Whole milliseconds for libcurl's `*_MS` options, at least 1 (0 would mean "no timeout").
    var curlMilliseconds: Int {
        guard self > .zero else { return 1 }
        let (seconds, attoseconds) = components
        guard seconds < Int64(Int32.max) / 1000 else { return Int(Int32.max) }
        return Swift.max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
