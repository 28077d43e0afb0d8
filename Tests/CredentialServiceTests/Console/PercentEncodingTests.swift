@testable import CredentialService
import Testing

/// Query values survive as one parameter.
@Suite struct PercentEncodingTests {
    @Test func everythingButUnreservedCharactersIsEscaped() {
        #expect(PercentEncoding.encode("aZ09-._~") == "aZ09-._~")
        #expect(PercentEncoding.encode(#"{"k":"a/b+c=d&e f"}"#) == "%7B%22k%22%3A%22a%2Fb%2Bc%3Dd%26e%20f%22%7D")
        #expect(PercentEncoding.encode("é") == "%C3%A9")
        #expect(PercentEncoding.query([("Action", "login"), ("Issuer", "A B")]) == "Action=login&Issuer=A%20B")
    }
}
