import PorticoCore
import Testing

/// ARNs taken apart into their six fields, and role ARNs into account, path and name.
@Suite struct ARNTests {
    @Test func anARNHasItsSixFields() throws {
        let arn = try #require(ARN("arn:aws:sqs:eu-west-1:111111111111:queue:with:colons"))
        #expect(arn.partition == "aws" && arn.service == "sqs" && arn.region == "eu-west-1")
        #expect(arn.account == "111111111111" && arn.resource == "queue:with:colons")
        #expect(arn.description == "arn:aws:sqs:eu-west-1:111111111111:queue:with:colons")
        let bucket = try #require(ARN("arn:aws:s3:::my-bucket"))
        #expect(bucket.region.isEmpty && bucket.account.isEmpty && bucket.resource == "my-bucket")
    }

    @Test(arguments: [
        "", "arn:aws:iam::111111111111", "urn:aws:iam::111111111111:role/x", "arn::iam::111111111111:role/x",
        "arn:aws:::111111111111:role/x", "arn:aws:iam::111111111111:", "arn:aws:iam::1:role/\u{0}",
    ])
    func notAnARN(_ text: String) {
        #expect(ARN(text) == nil)
    }

    @Test func anARNLongerThanIAMsMaximumIsRefused() {
        let prefix = "arn:aws:iam::111111111111:role/"
        #expect(ARN(prefix + String(repeating: "r", count: ARN.maxLength - prefix.count)) != nil)
        #expect(ARN(prefix + String(repeating: "r", count: ARN.maxLength - prefix.count + 1)) == nil)
    }

    @Test func aRoleARNHasItsPathAndName() throws {
        let plain = try #require(RoleARN("arn:aws:iam::111111111111:role/engineer"))
        #expect(plain.accountID == "111111111111" && plain.path == "/" && plain.name == "engineer")
        let nested = try #require(RoleARN("arn:aws-cn:iam::222222222222:role/service-role/team/deploy"))
        #expect(nested.partition == "aws-cn" && nested.path == "/service-role/team/" && nested.name == "deploy")
        #expect(nested.description == "arn:aws-cn:iam::222222222222:role/service-role/team/deploy")
    }

    @Test(arguments: [
        "arn:aws:iam::111111111111:user/alice", "arn:aws:iam::11111111111:role/x", "arn:aws:iam::11111111111a:role/x",
        "arn:aws:iam:us-east-1:111111111111:role/x", "arn:aws:s3::111111111111:role/x", "arn:aws:iam::111111111111:role/",
        "arn:aws:iam::111111111111:role/path/",
    ])
    func notARoleARN(_ text: String) {
        #expect(RoleARN(text) == nil)
    }
}
