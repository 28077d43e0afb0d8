import PorticoCrypto
import Testing

/// Base64url: RFC 4648 §10 vectors in the URL alphabet, padded and unpadded, and refusals.
@Suite struct Base64URLTests {
    static let rfc4648: [(text: String, encoded: String)] = [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy"),
    ]

    @Test(arguments: rfc4648)
    func encodesWithoutPaddingAndDecodesBothForms(text: String, encoded: String) {
        #expect(Base64URL.encode(Array(text.utf8)) == encoded)
        #expect(Base64URL.decode(encoded) == Array(text.utf8))
        let padded = encoded + String(repeating: "=", count: (4 - encoded.count % 4) % 4)
        #expect(Base64URL.decode(padded) == Array(text.utf8))
    }

    @Test func usesTheURLSafeAlphabet() {
        #expect(Base64URL.encode([0xfb, 0xff, 0xbf]) == "-_-_")
        #expect(Base64URL.decode("-_-_") == [0xfb, 0xff, 0xbf])
    }

    @Test func decodesAnALBStylePaddedSegment() {
        // {"alg":"ES256"} as ALB writes it, with padding.
        #expect(Base64URL.decode("eyJhbGciOiJFUzI1NiJ9") == Array(#"{"alg":"ES256"}"#.utf8))
        #expect(Base64URL.decode("eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9") == Array(#"{"alg":"ES256","typ":"JWT"}"#.utf8))
        #expect(Base64URL.decode("eyJhIjoiYiJ9") == Array(#"{"a":"b"}"#.utf8))
        #expect(Base64URL.decode("eyJhIjoxfQ==") == Array(#"{"a":1}"#.utf8))
    }

    @Test(arguments: [
        "Zm9v+mFy", "Zm9v/mFy", "Zm9v YmFy", "Zm9v\nYmFy", "Zm9vYmFy\u{00e9}", "Zm9v.YmFy",
    ])
    func rejectsCharactersOutsideTheURLAlphabet(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test(arguments: [
        "Z", "Zm9vY", "Zg=", "Zg===", "Zm8==", "Zm9v=", "Zm9v====", "Zg==Zg==", "=Zg", "====",
    ])
    func rejectsImpossibleLengthsAndMisplacedPadding(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test func rejectsNonZeroUnusedBits() {
        #expect(Base64URL.decode("Zh") == nil)
        #expect(Base64URL.decode("Zm9") == nil)
        #expect(Base64URL.decode("Zm8") == Array("fo".utf8))
    }

    @Test func roundTripsEveryByteValue() {
        let bytes = (0...255).map(UInt8.init)
        for length in 0...bytes.count {
            let slice = Array(bytes.prefix(length))
            #expect(Base64URL.decode(Base64URL.encode(slice)) == slice)
        }
    }
}
