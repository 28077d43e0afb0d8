import IAMPolicy
import PorticoCore
import PorticoCrypto
import Testing

/// Canonical JSON and the stable hash: the same document in any accepted form is the same bytes.
@Suite struct PolicyDocumentEncodingTests {
    static let stringForms = """
        {"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*",
         "Condition":{"StringLike":{"s3:prefix":"logs/"}}}}
        """
    static let arrayForms = """
        {
          "Statement": [ { "Resource": ["arn:aws:s3:::b/*"], "Action": ["s3:GetObject"], "Effect": "Allow",
                           "Condition": {"StringLike": {"s3:prefix": ["logs/"]}} } ],
          "Version": "2012-10-17"
        }
        """

    @Test func theCanonicalTextIsCompactSortedAndUsesArrays() throws {
        let document = try PolicyDocument(parsing: Self.stringForms)
        #expect(document.canonicalText == """
            {"Statement":[{"Action":["s3:GetObject"],"Condition":{"StringLike":{"s3:prefix":"logs/"}},\
            "Effect":"Allow","Resource":["arn:aws:s3:::b/*"]}],"Version":"2012-10-17"}
            """)
    }

    @Test func stringAndArrayFormsHashTheSame() throws {
        let a = try PolicyDocument(parsing: Self.stringForms)
        let b = try PolicyDocument(parsing: Self.arrayForms)
        #expect(a == b)
        #expect(a.hash(using: SHA256.hash) == b.hash(using: SHA256.hash))
        #expect(a.hash(using: SHA256.hash) == Hex.encode(SHA256.hash(a.canonicalBytes)))
        #expect(a.hash(using: SHA256.hash).count == 64)
    }

    @Test func aChangedDocumentHashesDifferently() throws {
        var document = try PolicyDocument(parsing: Self.stringForms)
        let before = document.hash(using: SHA256.hash)
        document.statements[0].action = ["s3:PutObject"]
        #expect(document.hash(using: SHA256.hash) != before)
    }

    @Test func theCanonicalTextParsesBackToTheSameDocument() throws {
        let document = try PolicyDocument(parsing: """
            {"Id":"x","Statement":[{"Sid":"A","Effect":"Deny","NotAction":"iam:*","NotResource":"*",
             "Principal":{"AWS":["arn:aws:iam::1:root"]},"Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":3600},
             "Bool":{"aws:SecureTransport":[false, "true"]}}}]}
            """)
        #expect(try PolicyDocument(parsing: document.canonicalText) == document)
        #expect(document.canonicalText.contains(#""aws:MultiFactorAuthAge":3600"#))
    }

    @Test func stringsAreEscapedOnlyWhereJSONRequires() {
        #expect(CanonicalJSON.text(.string("a/\"\\\n\u{1}é")) == #""a/\"\\\n\u0001é""#)
        #expect(CanonicalJSON.text(["b": 1, "a": [true, .null, .number(1.5)]]) == #"{"a":[true,null,1.5],"b":1}"#)
    }

    @Test func templateKeysAreStrippedForAWS() throws {
        let document = try PolicyDocument(parsing: """
            {"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","IncludeAccounts":["1"],"ExcludeAccounts":"2"}]}
            """)
        #expect(!document.withoutTemplateKeys.canonicalText.contains("Accounts"))
        #expect(document.canonicalText.contains("IncludeAccounts"))
    }
}
