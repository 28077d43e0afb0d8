internal import CCurl

/// Checks on what a caller hands to `execute`, so a bad request is refused with a typed error
/// before anything reaches libcurl (and never becomes header injection).
enum RequestValidation {
    /// The URL must parse (by libcurl's own parser, so both agree), be http or https, and name a host.
    static func checkURL(_ url: String, redacted: String) throws(HTTPClientError) {
        func refuse(_ reason: String) -> HTTPClientError { .invalidURL("'\(redacted)': \(reason)") }
        guard !url.isEmpty else { throw refuse("empty") }
        guard !url.utf8.contains(0) else { throw refuse("contains a NUL byte") }
        guard url.utf8.count <= 8192 else { throw refuse("longer than 8192 bytes") }
        guard let handle = curl_url() else { throw refuse("libcurl could not allocate a URL parser") }
        defer { curl_url_cleanup(handle) }
        let parsed = curl_url_set(handle, CURLUPART_URL, url, 0)
        guard parsed == CURLUE_OK else { throw refuse(String(cString: curl_url_strerror(parsed))) }
        let scheme = part(CURLUPART_SCHEME, of: handle)?.lowercased()
        guard scheme == "http" || scheme == "https" else { throw refuse("only http and https are allowed") }
        guard let host = part(CURLUPART_HOST, of: handle), !host.isEmpty else { throw refuse("no host") }
    }

    /// The method must be a non-empty HTTP token (RFC 9110 `tchar`s).
    static func checkMethod(_ method: String) throws(HTTPClientError) {
        guard !method.isEmpty, method.utf8.count <= 32, method.utf8.allSatisfy(isTokenByte) else {
            throw .invalidRequest("the method is not an HTTP token")
        }
    }

    /// Names must be tokens; values must not hold CR, LF or NUL. Values are never quoted back.
    static func checkHeaders(_ headers: HTTPClient.Headers, bodyCount: Int) throws(HTTPClientError) {
        for (name, value) in headers {
            guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else {
                throw .invalidRequest("a header name is not an HTTP token")
            }
            guard !value.utf8.contains(where: { $0 == 0x0d || $0 == 0x0a || $0 == 0 }) else {
                throw .invalidRequest("the value of header '\(name)' contains a line break or NUL")
            }
            if HTTPClient.Headers.sameName(name, "Transfer-Encoding") {
                throw .invalidRequest("Transfer-Encoding is chosen by the client, not the caller")
            }
            if HTTPClient.Headers.sameName(name, "Content-Length"), value != String(bodyCount) {
                throw .invalidRequest("Content-Length does not match the body (\(bodyCount) bytes)")
            }
        }
    }

    private static func part(_ which: CURLUPart, of handle: OpaquePointer) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, which, &value, 0) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
