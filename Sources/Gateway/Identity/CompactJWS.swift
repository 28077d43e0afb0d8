import PorticoCore
import PorticoCrypto

/// A JWS in compact serialisation (`header.payload.signature`) split and decoded within limits:
/// the sizes are checked on the raw text before anything is decoded, the header is parsed as a
/// JSON object, and the payload is left encoded until the caller asks for it (a session token's
/// MAC is checked before its payload is parsed). Base64url with or without padding is accepted:
/// the ALB pads, JWT libraries don't.
struct CompactJWS {
    /// Size limits, checked before decoding.
    struct Limits: Sendable {
        var maxTokenBytes: Int
        var maxHeaderBytes: Int
    }

    let header: [String: JSONValue]
    /// The encoded header and payload as received: exactly what was signed.
    let signingInput: [UInt8]
    let signature: [UInt8]
    private let payloadSegment: Substring

    init(parsing token: String, limits: Limits) throws(AuthenticationFailure) {
        guard token.utf8.count <= limits.maxTokenBytes else { throw .tokenTooLarge }
        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3 else { throw .malformedToken("expected three dot-separated segments") }
        guard segments[0].utf8.count <= limits.maxHeaderBytes else { throw .headerTooLarge }
        guard !segments[0].isEmpty, !segments[1].isEmpty else { throw .malformedToken("empty segment") }
        guard let headerBytes = Base64URL.decode(String(segments[0])) else {
            throw .malformedToken("header is not base64url")
        }
        guard let header = JSONValue.object(from: headerBytes) else {
            throw .malformedToken("header is not a JSON object")
        }
        guard let signature = Base64URL.decode(String(segments[2])) else {
            throw .malformedToken("signature is not base64url")
        }
        self.header = header
        self.signature = signature
        self.payloadSegment = segments[1]
        self.signingInput = Array(segments[0].utf8) + [UInt8(ascii: ".")] + Array(segments[1].utf8)
    }

    /// The decoded payload bytes.
    func payloadBytes() throws(AuthenticationFailure) -> [UInt8] {
        guard let bytes = Base64URL.decode(String(payloadSegment)) else {
            throw .malformedToken("payload is not base64url")
        }
        return bytes
    }

    /// The payload as a JSON object.
    func payload() throws(AuthenticationFailure) -> [String: JSONValue] {
        guard let payload = JSONValue.object(from: try payloadBytes()) else {
            throw .malformedToken("payload is not a JSON object")
        }
        return payload
    }

    /// The header's `alg`.
    var algorithm: String? { header["alg"]?.stringValue }
}
