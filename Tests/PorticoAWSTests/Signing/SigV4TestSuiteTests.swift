import Foundation
import Testing

@testable import PorticoAWS

/// Cases from AWS's "Signature Version 4 test suite" (aws-sig-v4-test-suite, linked from
/// docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html): AKIDEXAMPLE /
/// wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20150830T123600Z, us-east-1, service "service",
/// host example.amazonaws.com. The suite writes its paths as they appear on the request line,
/// which is the wire path here; expected signatures recomputed independently with Python.
@Suite struct SigV4TestSuiteTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var method = "GET"
        var path = "/"
        var query: [QueryItem] = []
        var headers: [HeaderField] = []
        var sessionToken: String?
        var canonicalURI = "/"
        var canonicalQuery = ""
        var signature: String

        var testDescription: String { name }
    }

    static let unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

    static let cases: [Case] = [
        Case(name: "get-vanilla", signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Case(name: "post-vanilla", method: "POST", signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
        Case(
            name: "get-vanilla-query-order-key-case", query: [QueryItem("Param2", "value2"), QueryItem("Param1", "value1")],
            canonicalQuery: "Param1=value1&Param2=value2",
            signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        Case(
            name: "get-vanilla-query-order-value", query: [QueryItem("Param1", "value2"), QueryItem("Param1", "value1")],
            canonicalQuery: "Param1=value1&Param1=value2",
            signature: "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"),
        Case(
            name: "get-vanilla-query-order-key", query: [QueryItem("Param1", "value2"), QueryItem("Param1", "Value1")],
            canonicalQuery: "Param1=Value1&Param1=value2",
            signature: "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1"),
        Case(
            name: "get-vanilla-query-unreserved", query: [QueryItem(unreserved, unreserved)],
            canonicalQuery: "\(unreserved)=\(unreserved)",
            signature: "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),
        Case(
            name: "get-vanilla-utf8-query", query: [QueryItem("ሴ", "bar")], canonicalQuery: "%E1%88%B4=bar",
            signature: "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),
        Case(
            name: "get-vanilla-query-order-encoded",
            query: [QueryItem("Param-3", "Value3"), QueryItem("Param", "Value2"), QueryItem("ሴ", "Value1")],
            canonicalQuery: "%E1%88%B4=Value1&Param=Value2&Param-3=Value3",
            signature: "371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac"),
        Case(
            name: "get-space", path: "/example space/", canonicalURI: "/example%20space/",
            signature: "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"),
        Case(
            name: "get-utf8", path: "/ሴ", canonicalURI: "/%E1%88%B4",
            signature: "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"),
        Case(
            name: "get-unreserved", path: "/\(unreserved)", canonicalURI: "/\(unreserved)",
            signature: "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
        Case(
            name: "get-special-character", path: "/example/$delete", canonicalURI: "/example/%24delete",
            signature: "a853c9b21b528b19643d00910d35b83a10c366a10833ceefb45edd6c80e40f27"),
        Case(
            name: "normalize-path/get-relative-relative", path: "/example1/example2/../..",
            signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Case(
            name: "normalize-path/get-slashes", path: "//example//", canonicalURI: "/example/",
            signature: "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"),
        Case(
            name: "normalize-path/get-slash-pointless-dot", path: "/./example", canonicalURI: "/example",
            signature: "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5"),
        Case(
            name: "get-header-value-trim",
            headers: [HeaderField("My-Header1", " value1"), HeaderField("My-Header2", " \"a   b   c\"")],
            signature: "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
        Case(
            name: "get-header-value-order",
            headers: ["value4", "value1", "value3", "value2"].map { HeaderField("My-Header1", $0) },
            signature: "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"),
        Case(
            name: "get-vanilla-with-session-token",
            sessionToken: "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267",
            signature: "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"),
    ]

    @Test(arguments: cases)
    func signatureMatchesThePublishedSuite(_ testCase: Case) {
        var credentials = SigV4PublishedExamplesTests.iamCredentials
        credentials.sessionToken = testCase.sessionToken
        let signer = SigV4Signer(
            credentials: credentials, region: "us-east-1", service: "service",
            clock: SigV4PublishedExamplesTests.clock("20150830T123600Z"))
        let signed = signer.sign(SigV4Request(
            method: testCase.method, host: "example.amazonaws.com", path: testCase.path, query: testCase.query,
            headers: testCase.headers))
        let lines = signed.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1] == Substring(testCase.canonicalURI))
        #expect(lines[2] == Substring(testCase.canonicalQuery))
        #expect(signed.signature == testCase.signature)
    }
}
