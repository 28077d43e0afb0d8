import Foundation
import PorticoCore
import Testing

@testable import PorticoAWS

@Suite struct CanonicalizationTests {
    /// SigV4's encoding is the shared one with the unreserved set (its other rules are in
    /// PorticoCoreTests' PercentEncodingTests).
    @Test func encodingKeepsOnlyTheUnreservedSet() {
        #expect(PercentEncoding.encode("a b") == "a%20b")
        #expect(PercentEncoding.encode("~user") == "~user")
        #expect(PercentEncoding.encode("-_.~AZaz09") == "-_.~AZaz09")
        #expect(PercentEncoding.encode("a+b=c&d/e*f%") == "a%2Bb%3Dc%26d%2Fe%2Af%25")
        #expect(PercentEncoding.encode("a/b c", allowing: .unreservedAndSlash) == "a/b%20c")
    }

    @Test func repeatedKeysSortByKeyThenValue() {
        let query = Canonicalization.queryString([
            QueryItem("b", "2"), QueryItem("a", "z"), QueryItem("a", "y"), QueryItem("B", "1"),
        ])
        #expect(query == "B=1&a=y&a=z&b=2")
    }

    @Test func sortingUsesTheEncodedNames() {
        // "a b" encodes to "a%20b" and '%' (0x25) sorts before '-' (0x2D).
        #expect(Canonicalization.queryString([QueryItem("a-b", "1"), QueryItem("a b", "2")]) == "a%20b=2&a-b=1")
    }

    @Test func emptyValuesKeepTheirEqualsSign() {
        #expect(Canonicalization.queryString([QueryItem("policy"), QueryItem("a", "")]) == "a=&policy=")
    }

    @Test func spacesAndTildesInQueryValues() {
        #expect(Canonicalization.queryString([QueryItem("Name", "my file~1")]) == "Name=my%20file~1")
    }

    @Test func nonS3PathsAreEncodedTwice() {
        let uri = Canonicalization.uri(wirePath: "/my%20documents/caf%C3%A9", normalize: true, doubleEncode: true)
        #expect(uri == "/my%2520documents/caf%25C3%25A9")
    }

    @Test func s3PathsAreSignedAsSentWithoutNormalising() {
        let uri = Canonicalization.uri(wirePath: "/bucket/a//b/./my%20file", normalize: false, doubleEncode: false)
        #expect(uri == "/bucket/a//b/./my%20file")
    }

    @Test func normalisationResolvesDotSegmentsAndKeepsTrailingSlash() {
        #expect(Canonicalization.normalizedPath("/a/b/../c/./d/") == "/a/c/d/")
        #expect(Canonicalization.normalizedPath("/../..") == "/")
        #expect(Canonicalization.normalizedPath("") == "/")
    }

    @Test func headersAreLowerCasedSortedTrimmedAndFolded() {
        let (canonical, signed) = Canonicalization.headers([
            HeaderField("X-Amz-Target", "  DynamoDB_20120810.PutItem "),
            HeaderField("Content-Type", "application/x-amz-json-1.0"),
            HeaderField("x-custom", "a \t  b\n c"),
            HeaderField("X-Custom", "second"),
        ])
        #expect(canonical == "content-type:application/x-amz-json-1.0\n"
            + "x-amz-target:DynamoDB_20120810.PutItem\n"
            + "x-custom:a b c,second\n")
        #expect(signed == "content-type;x-amz-target;x-custom")
    }

    @Test func signerAddsTokenAndReplacesCallerSuppliedSigningHeaders() {
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret", sessionToken: "token-value"),
            region: "us-east-1", service: "sts", clock: { Date(timeIntervalSince1970: 0) })
        let signed = signer.sign(SigV4Request(
            method: "POST", host: "sts.us-east-1.amazonaws.com",
            headers: [
                HeaderField("Authorization", "forged"), HeaderField("X-Amz-Date", "20990101T000000Z"),
                HeaderField("User-Agent", "portico"),
            ]))
        let names = signed.headers.map { $0.name.lowercased() }
        #expect(names.filter { $0 == "authorization" }.count == 1)
        #expect(names.filter { $0 == "x-amz-date" }.count == 1)
        #expect(signed.headers.contains(HeaderField("X-Amz-Date", "19700101T000000Z")))
        #expect(signed.headers.contains(HeaderField("X-Amz-Security-Token", "token-value")))
        #expect(signed.authorization.contains("SignedHeaders=host;x-amz-date;x-amz-security-token,"))
        #expect(!signed.canonicalRequest.contains("user-agent"))
    }

    @Test func signatureChangesWithEveryInput() {
        let base = SigV4Request(method: "GET", host: "h", path: "/", query: [QueryItem("a", "1")])
        func signature(_ request: SigV4Request, secret: String = "s", region: String = "us-east-1") -> String {
            SigV4Signer(
                credentials: AWSCredentials(accessKeyID: "k", secretAccessKey: secret), region: region, service: "iam",
                clock: { Date(timeIntervalSince1970: 1_000_000) }
            ).sign(request).signature
        }
        var otherQuery = base
        otherQuery.query = [QueryItem("a", "2")]
        var otherBody = base
        otherBody.body = [1]
        let reference = signature(base)
        #expect(reference == signature(base))
        #expect(reference != signature(otherQuery))
        #expect(reference != signature(otherBody))
        #expect(reference != signature(base, secret: "t"))
        #expect(reference != signature(base, region: "eu-west-1"))
    }

    @Test func signedRequestDescriptionHidesTheSignature() {
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "topsecret"), region: "us-east-1",
            service: "iam")
        let signed = signer.sign(SigV4Request(method: "GET", host: "iam.amazonaws.com"))
        #expect(!signed.description.contains(signed.signature))
        #expect(!signed.description.contains("topsecret"))
    }
}
