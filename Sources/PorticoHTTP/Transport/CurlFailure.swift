internal import CCurl
// CPorticoShims' header includes curl.h as well, and Swift files libcurl's enum constants
// under that module: without this import they are not found.
internal import CPorticoShims

/// Sorts libcurl's result codes into `HTTPClientError` cases.
enum CurlFailure {
    private static let connectionCodes: Set<UInt32> = [
        CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT,
    ].map(\.rawValue).reduce(into: []) { $0.insert($1) }

    private static let tlsCodes: Set<UInt32> = [
        CURLE_SSL_CONNECT_ERROR, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
        CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_PEER_FAILED_VERIFICATION,
        CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_SHUTDOWN_FAILED,
        CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
        CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT,
    ].map(\.rawValue).reduce(into: []) { $0.insert($1) }

    /// The error for a transfer that ended with `code`; `reason` is libcurl's message, already
    /// scrubbed of the URL's secrets, and `url` the redacted URL.
    static func error(code: CURLcode, reason: String, url: String) -> HTTPClientError {
        let reason = String(reason.prefix(300))
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout(url: url)
        case CURLE_URL_MALFORMAT:
            return .invalidURL("'\(url)': \(reason)")
        default:
            if connectionCodes.contains(code.rawValue) { return .connectionFailed(url: url, reason: reason) }
            if tlsCodes.contains(code.rawValue) { return .tls(url: url, reason: reason) }
            return .transport(code: Int(code.rawValue), reason: reason)
        }
    }
}
