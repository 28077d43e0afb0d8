/// The `kid` of an ALB token: the name of the ALB's public key, which becomes part of the key
/// URL. Only a plain identifier (1–128 ASCII letters, digits, `-`, `_`) is accepted, so a token
/// cannot steer the key fetch elsewhere with `/`, `..`, `?`, `#`, `%` or anything else.
struct ALBKeyID: Sendable, Hashable, CustomStringConvertible {
    static let maxLength = 128

    let value: String

    init?(_ text: String) {
        let bytes = text.utf8
        guard (1...Self.maxLength).contains(bytes.count), bytes.allSatisfy(Self.isAllowed) else { return nil }
        value = text
    }

    var description: String { value }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }
}
