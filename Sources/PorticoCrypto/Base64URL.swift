/// Base64url (RFC 4648 §5), the encoding of JWS/JWT segments and JWK members.
///
/// Encoding never pads (as JWS requires). Decoding takes padded and unpadded text, because AWS ALB
/// pads the segments of its tokens.
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Each ASCII byte's 6-bit value, or 0xFF for bytes outside the alphabet.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, symbol) in alphabet.enumerated() { table[Int(symbol)] = UInt8(value) }
        return table
    }()

    /// `bytes` in base64url without padding.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        withContiguousBytes(bytes) { input in
            var output = [UInt8]()
            output.reserveCapacity((input.count * 4 + 2) / 3)
            var index = 0
            while index + 3 <= input.count {
                let group = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
                appendSymbols(of: group, count: 4, to: &output)
                index += 3
            }
            switch input.count - index {
            case 2:
                appendSymbols(of: UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8, count: 3, to: &output)
            case 1:
                appendSymbols(of: UInt32(input[index]) << 16, count: 2, to: &output)
            default:
                break
            }
            return String(decoding: output, as: UTF8.self)
        }
    }

    private static func appendSymbols(of group: UInt32, count: Int, to output: inout [UInt8]) {
        for position in 0..<count {
            output.append(alphabet[Int(group >> (18 - 6 * UInt32(position)) & 0x3F)])
        }
    }

    /// The bytes `text` encodes, or nil when it is not base64url.
    ///
    /// Accepted: the base64url alphabet (`A–Z a–z 0–9 - _`), with or without `=` padding; padded
    /// text must have a length that is a multiple of four. Rejected: any other character
    /// (including `+`, `/` and whitespace), a misplaced or excess `=`, a length that no encoding
    /// produces, and non-zero unused bits in the last symbol (so every byte string has exactly
    /// one accepted unpadded spelling).
    public static func decode(_ text: String) -> [UInt8]? {
        var symbols = Array(text.utf8)
        var padding = 0
        while let last = symbols.last, last == UInt8(ascii: "=") {
            symbols.removeLast()
            padding += 1
        }
        let remainder = symbols.count % 4
        guard remainder != 1 else { return nil }
        if padding > 0 {
            guard remainder != 0, padding == 4 - remainder else { return nil }
        }
        var output = [UInt8]()
        output.reserveCapacity(symbols.count * 3 / 4)
        var group: UInt32 = 0
        for (position, symbol) in symbols.enumerated() {
            let value = values[Int(symbol)]
            guard value != 0xFF else { return nil }
            group = group << 6 | UInt32(value)
            if position % 4 == 3 {
                output.append(UInt8(truncatingIfNeeded: group >> 16))
                output.append(UInt8(truncatingIfNeeded: group >> 8))
                output.append(UInt8(truncatingIfNeeded: group))
                group = 0
            }
        }
        switch remainder {
        case 2:
            guard group & 0x0F == 0 else { return nil }
            output.append(UInt8(truncatingIfNeeded: group >> 4))
        case 3:
            guard group & 0x03 == 0 else { return nil }
            output.append(UInt8(truncatingIfNeeded: group >> 10))
            output.append(UInt8(truncatingIfNeeded: group >> 2))
        default:
            break
        }
        return output
    }
}
