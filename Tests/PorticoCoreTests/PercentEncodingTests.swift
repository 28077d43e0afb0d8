import PorticoCore
import Testing

/// Percent-encoding by named character set: query values and form fields survive as one
/// parameter, SigV4's RFC 3986 rules hold (space `%20`, `~` kept, upper-case hex), and decoding
/// refuses malformed escapes.
@Suite struct PercentEncodingTests {
    @Test func everythingButUnreservedCharactersIsEscaped() {
        #expect(PercentEncoding.encode("aZ09-._~") == "aZ09-._~")
        #expect(PercentEncoding.encode(#"{"k":"a/b+c=d&e f"}"#) == "%7B%22k%22%3A%22a%2Fb%2Bc%3Dd%26e%20f%22%7D")
        #expect(PercentEncoding.encode("é") == "%C3%A9")
        #expect(PercentEncoding.query([("Action", "login"), ("Issuer", "A B")]) == "Action=login&Issuer=A%20B")
    }

    @Test func theSlashSetKeepsSlashesOnly() {
        #expect(PercentEncoding.encode("/api/v2?x=a b", allowing: .unreservedAndSlash) == "/api/v2%3Fx%3Da%20b")
        #expect(PercentEncoding.encode("a/b", allowing: .unreserved) == "a%2Fb")
    }

    @Test func formFieldsWriteASpaceAsPlus() {
        #expect(PercentEncoding.formEncode("a b+c~é") == "a+b%2Bc~%C3%A9")
        #expect(PercentEncoding.formEncode("100%20") == "100%2520")
        #expect(PercentEncoding.decode(PercentEncoding.formEncode("x y+z"), plusAsSpace: true) == "x y+z")
    }

    @Test func multiByteCharactersAreEscapedBytewise() {
        #expect(PercentEncoding.encode("ሴ") == "%E1%88%B4")
        #expect(PercentEncoding.encode("😀") == "%F0%9F%98%80")
    }

    @Test func decodingUndoesEncodingAndRefusesMalformedEscapes() {
        let text = "a b/c+d~é😀"
        #expect(PercentEncoding.decode(PercentEncoding.encode(text)) == text)
        #expect(PercentEncoding.decode("a+b") == "a+b")
        #expect(PercentEncoding.decode("a+b", plusAsSpace: true) == "a b")
        #expect(PercentEncoding.decode("%2") == nil)
        #expect(PercentEncoding.decode("%zz") == nil)
        #expect(PercentEncoding.decode("%FF") == nil)
    }
}
