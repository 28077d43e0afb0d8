/// Percent-encoding as SigV4 wants it (RFC 3986): every byte of the UTF-8 form is written as
/// `%XX` (upper-case hex) except the unreserved characters `A-Z a-z 0-9 - _ . ~`. A space is
/// `%20`, never `+`; `~` stays as it is.
public enum URIEncoding {
    /// Encodes `text`; with `keepingSlashes`, `/` is left alone (for paths).
    public static func encode(_ text: String, keepingSlashes: Bool = false) -> String {
        var output = [UInt8]()
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) || (keepingSlashes && byte == UInt8(ascii: "/")) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Encodes for an `application/x-www-form-urlencoded` body: as `encode`, but a space is `+`
    /// (what the AWS SDKs send, and what servers that re-encode the parsed form reproduce).
    public static func formEncode(_ text: String) -> String {
        encode(text).replacingOccurrences(of: "%20", with: "+")
    }

    /// Decodes `%XX` escapes (and, with `plusAsSpace`, `+` as a space, as HTML forms do);
    /// nil when an escape is malformed or the bytes are not UTF-8.
    public static func decode(_ text: String, plusAsSpace: Bool = false) -> String? {
        var output = [UInt8]()
        output.reserveCapacity(text.utf8.count)
        var bytes = text.utf8.makeIterator()
        while let byte = bytes.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = bytes.next().flatMap(hexValue), let low = bytes.next().flatMap(hexValue) else { return nil }
                output.append(high << 4 | low)
            case UInt8(ascii: "+") where plusAsSpace:
                output.append(UInt8(ascii: " "))
            default:
                output.append(byte)
            }
        }
        return String(validating: output, as: UTF8.self)
    }

    /// Encodes each segment of a path (the slashes between segments stay).
    public static func encodePath(segments: [String]) -> String {
        "/" + segments.map { encode($0) }.joined(separator: "/")
    }

    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
