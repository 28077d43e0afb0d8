import PorticoCrypto

/// The secret of one CLI login challenge: 32 random bytes, base64url (43 characters). It is
/// the only thing that ties the CLI's poller to the browser's approval, so it is never logged,
/// and Redis holds only its SHA-256.
struct ChallengeToken: Sendable, Hashable {
    static let byteCount = 32

    let value: String

    /// A fresh random token.
    static func random() throws -> ChallengeToken {
        ChallengeToken(checked: try SecureRandom.token(byteCount: byteCount))
    }

    /// A token from a URL; nil for anything that cannot be one of ours (checked before Redis).
    init?(_ text: String) {
        guard text.utf8.count == 43, text.utf8.allSatisfy(Self.isBase64URL) else { return nil }
        value = text
    }

    private init(checked value: String) { self.value = value }

    /// The Redis key of the challenge: a hash, so a Redis dump reveals no usable token.
    var storageKey: String {
        "portico:challenge:" + SHA256.hash(Array(value.utf8)).map { byte in
            (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }
}
