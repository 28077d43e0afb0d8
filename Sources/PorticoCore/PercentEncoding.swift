/// Percent-encoding (RFC 3986): every byte of the UTF-8 form outside the allowed set is written
/// as `%XX` (upper-case hex). The sets are named for where the text goes: `.unreserved` for
/// query values, form fields and SigV4 (a space is `%20`, `~` stays), `.unreservedAndSlash` for
/// paths and for a path-and-query carried as one parameter.
public enum PercentEncoding {
    /// The bytes left as they are.
    public struct AllowedCharacters: Sendable {
        private let allowed: [Bool]

        init(_ isAllowed: (UInt8) -> Bool) {
            allowed = (0...255).map { isAllowed(UInt8($0)) }
        }

        func contains(_ byte: UInt8) -> Bool { allowed[Int(byte)] }

        /// RFC 3986's unreserved characters `A-Z a-z 0-9 - _ . ~` (what SigV4 keeps).
        public static let unreserved = AllowedCharacters(isUnreserved)

        /// The unreserved characters and `/`.
        public static let unreservedAndSlash = AllowedCharacters { isUnreserved($0) || $0 == UInt8(ascii: "/") }

        private static func isUnreserved(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                true
            default:
                false
            }
        }
    }

    /// Encodes `text`, leaving the `allowed` bytes as they are.
    public static func encode(_ text: String, allowing allowed: AllowedCharacters = .unreserved) -> String {
        encode(text, allowing: allowed, spaceAsPlus: false)
    }

    private static func encode(_ text: String, allowing allowed: AllowedCharacters, spaceAsPlus: Bool) -> String {
        var output = [UInt8]()
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if allowed.contains(byte) {
                output.append(byte)
            } else if spaceAsPlus && byte == UInt8(ascii: " ") {
                output.append(UInt8(ascii: "+"))
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `name=value&…` with every name and value encoded as unreserved (a space is `%20`): a query
    /// string, or an `application/x-www-form-urlencoded` body for servers that take either form.
    public static func query(_ fields: [(name: String, value: String)]) -> String {
        fields.map { "\(encode($0.name))=\(encode($0.value))" }.joined(separator: "&")
    }

    /// Encodes for an `application/x-www-form-urlencoded` body: as `encode`, but a space is `+`
    /// (what the AWS SDKs send, and what servers that re-encode the parsed form reproduce).
    public static func formEncode(_ text: String) -> String {
        encode(text, allowing: .unreserved, spaceAsPlus: true)
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
