import Hummingbird
import PorticoCrypto

/// One file of the web UI, read at start and ready to send: its bytes, its content type (by
/// extension) and a strong `ETag` (the first 16 bytes of the SHA-256 of the bytes, in hex and
/// quotes), so a browser revalidates instead of downloading again.
struct WebAsset: Sendable {
    let contentType: String
    let body: ByteBuffer
    let eTag: String

    init(name: String, bytes: [UInt8]) {
        contentType = Self.contentType(of: name)
        body = ByteBuffer(bytes: bytes)
        let digest = SHA256.hash(bytes).prefix(16).map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
        eTag = "\"\(digest)\""
    }

    /// The content types of the kinds of file a page is made of; anything else is sent as bytes
    /// (with `nosniff`, a browser never runs or renders it).
    static func contentType(of name: String) -> String {
        let fileExtension = name.split(separator: "/").last.flatMap { $0.contains(".") ? $0.split(separator: ".").last : nil }
        switch fileExtension.map({ $0.lowercased() }) {
        case "html": return "text/html; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "json", "map": return "application/json; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "ico": return "image/x-icon"
        case "woff2": return "font/woff2"
        case "txt": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }
}
