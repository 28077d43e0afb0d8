/// Where JSON text stops being JSON: the first offending byte as a line and column (both from 1,
/// the column counted in characters) and what was expected there. The policy checker answers it
/// for `MALFORMED_JSON`, so a person editing a policy by hand is sent to the right spot.
public struct JSONSyntaxLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var reason: String

    /// The first syntax error of `text`, or nil when it is one JSON value (RFC 8259, surrounding
    /// whitespace allowed).
    public static func firstError(in text: String) -> JSONSyntaxLocation? {
        var scanner = JSONSyntaxScanner(bytes: Array(text.utf8))
        guard let (offset, reason) = scanner.firstError() else { return nil }
        return JSONSyntaxLocation(bytes: scanner.bytes, offset: offset, reason: reason)
    }

    init(bytes: [UInt8], offset: Int, reason: String) {
        var line = 1, column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {  // count characters, not UTF-8 continuation bytes
                column += 1
            }
        }
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String { "line \(line), column \(column): \(reason)" }
}

/// A validating recursive-descent scan of JSON bytes that stops at the first error.
struct JSONSyntaxScanner {
    let bytes: [UInt8]
    var at = 0
    /// Deeper nesting is refused rather than risking the stack.
    static let maxDepth = 256

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func firstError() -> (Int, String)? {
        do throws(Failure) {
            skipWhitespace()
            try value(depth: 0)
            skipWhitespace()
            if at < bytes.count { throw Failure(at, "unexpected \(found) after the end of the document") }
            return nil
        } catch {
            return (error.offset, error.reason)
        }
    }

    struct Failure: Error {
        var offset: Int
        var reason: String
        init(_ offset: Int, _ reason: String) {
            self.offset = offset
            self.reason = reason
        }
    }

    var found: String {
        guard at < bytes.count else { return "end of text" }
        let byte = bytes[at]
        return byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    mutating func skipWhitespace() {
        while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        guard at < bytes.count, bytes[at] == byte else { throw Failure(at, "expected \(what), found \(found)") }
        at += 1
    }

    mutating func value(depth: Int) throws(Failure) {
        guard depth < Self.maxDepth else { throw Failure(at, "nested more than \(Self.maxDepth) levels deep") }
        guard at < bytes.count else { throw Failure(at, "expected a value, found end of text") }
        switch bytes[at] {
        case UInt8(ascii: "{"): try object(depth: depth)
        case UInt8(ascii: "["): try array(depth: depth)
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw Failure(at, "expected a value, found \(found)")
        }
    }

    mutating func object(depth: Int) throws(Failure) {
        at += 1
        skipWhitespace()
        if at < bytes.count, bytes[at] == UInt8(ascii: "}") {
            at += 1
            return
        }
        while true {
            skipWhitespace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else {
                throw Failure(at, "expected a quoted key, found \(found)")
            }
            try string()
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "':' after the key")
            skipWhitespace()
            try value(depth: depth + 1)
            skipWhitespace()
            guard at < bytes.count else { throw Failure(at, "expected ',' or '}', found end of text") }
            if bytes[at] == UInt8(ascii: "}") {
                at += 1
                return
            }
            try expect(UInt8(ascii: ","), "',' or '}'")
        }
    }

    mutating func array(depth: Int) throws(Failure) {
        at += 1
        skipWhitespace()
        if at < bytes.count, bytes[at] == UInt8(ascii: "]") {
            at += 1
            return
        }
        while true {
            skipWhitespace()
            try value(depth: depth + 1)
            skipWhitespace()
            guard at < bytes.count else { throw Failure(at, "expected ',' or ']', found end of text") }
            if bytes[at] == UInt8(ascii: "]") {
                at += 1
                return
            }
            try expect(UInt8(ascii: ","), "',' or ']'")
        }
    }

    mutating func string() throws(Failure) {
        let start = at
        at += 1
        while at < bytes.count {
            let byte = bytes[at]
            switch byte {
            case UInt8(ascii: "\""):
                at += 1
                return
            case UInt8(ascii: "\\"):
                at += 1
                guard at < bytes.count else { break }
                switch bytes[at] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    at += 1
                case UInt8(ascii: "u"):
                    at += 1
                    for _ in 0..<4 {
                        guard at < bytes.count, isHexDigit(bytes[at]) else {
                            throw Failure(at, "expected four hex digits after \\u")
                        }
                        at += 1
                    }
                default:
                    throw Failure(at, "invalid escape \\\(found)")
                }
            case 0..<0x20:
                throw Failure(at, "control character in a string (escape it)")
            default:
                at += 1
            }
        }
        throw Failure(start, "string is not closed")
    }

    func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    mutating func literal(_ word: String) throws(Failure) {
        for expected in word.utf8 {
            guard at < bytes.count, bytes[at] == expected else { throw Failure(at, "expected \(word), found \(found)") }
            at += 1
        }
    }

    mutating func number() throws(Failure) {
        if bytes[at] == UInt8(ascii: "-") { at += 1 }
        try digits(leadingZeroAllowed: false)
        if at < bytes.count, bytes[at] == UInt8(ascii: ".") {
            at += 1
            try digits(leadingZeroAllowed: true)
        }
        if at < bytes.count, bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E") {
            at += 1
            if at < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") { at += 1 }
            try digits(leadingZeroAllowed: true)
        }
    }

    mutating func digits(leadingZeroAllowed: Bool) throws(Failure) {
        let start = at
        while at < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) { at += 1 }
        guard at > start else { throw Failure(at, "expected a digit, found \(found)") }
        if !leadingZeroAllowed, at - start > 1, bytes[start] == UInt8(ascii: "0") {
            throw Failure(start, "a number may not start with 0")
        }
    }
}
