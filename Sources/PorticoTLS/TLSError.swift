internal import COpenSSL

/// Why TLS could not be set up or a TLS connection failed. Messages carry file names and
/// OpenSSL's static reason text, never key material.
public enum TLSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A certificate, key or CA file could not be used.
    case configuration(String)
    /// The handshake failed (untrusted or missing certificate, wrong name, protocol mismatch).
    case handshake(String)
    /// The TLS stream broke after the handshake.
    case connection(String)

    public var description: String {
        switch self {
        case .configuration(let reason): "TLS configuration: \(reason)"
        case .handshake(let reason): "TLS handshake failed: \(reason)"
        case .connection(let reason): "TLS connection failed: \(reason)"
        }
    }

    /// `message`, with OpenSSL's reason for the last failure when it gave one; empties the
    /// thread's error queue.
    static func explain(_ message: String) -> String {
        defer { ERR_clear_error() }
        let code = ERR_peek_last_error()
        guard code != 0, let reason = ERR_reason_error_string(code) else { return message }
        return "\(message) (OpenSSL: \(String(cString: reason)))"
    }
}

/// Told down the pipeline (as a user inbound event) by `TLSHandler` when the handshake is done:
/// what the peer's verified certificate says about it.
public struct TLSHandshakeCompleted: Sendable, Hashable {
    /// The common name (CN) of the subject of the peer's certificate, when it presented one
    /// that verified; nil otherwise.
    public var peerCommonName: String?
}
