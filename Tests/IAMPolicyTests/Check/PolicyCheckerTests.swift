@testable import IAMPolicy
import Testing

/// The checker's findings at their locations, and none on good policies.
@Suite struct PolicyCheckerTests {
    let checker = PolicyChecker()

    func issues(_ text: String) -> [String] {
        checker.check(text).map { "\($0.issue)@\($0.location)" }
    }

    @Test(arguments: [
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]}]}"#,
        #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:111111111111:q"}}"#,
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}"#,
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ses:SendEmail","Resource":"arn:aws:ses:us-east-1:111111111111:identity/x.com","Condition":{"StringLike":{"ses:FromAddress":"a@x"}}}]}"#,
    ])
    func aGoodPolicyHasNoFindings(text: String) {
        #expect(issues(text) == [])
    }

    @Test(arguments: [
        (#"{"Statement": ["#, "MALFORMED_JSON@line 1, column 16"),
        ("{\n  \"Statement\": [\n    {\"Effect\": \"Allow\",}\n  ]\n}", "MALFORMED_JSON@line 3, column 24"),
        (#"{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket"}]}"#,
         "RESOURCE_MISMATCH@Statement[0].Resource[0]"),
        (#"{"Statement":[{"Effect":"Allow","Action":["s3:ListBucket","s3:GetObject"],"Resource":"arn:aws:s3:::bucket/*"}]}"#,
         "ACTION_RESOURCE_MISMATCH@Statement[0].Action[0]"),
        (#"{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringLike":{"s3:prefixx":"x"}}}]}"#,
         "UNKNOWN_CONDITION_KEY@Statement[0].Condition.StringLike.s3:prefixx"),
        (#"{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransprt":"true"}}}]}"#,
         "UNKNOWN_CONDITION_KEY@Statement[0].Condition.Bool.aws:SecureTransprt"),
        (#"{"Statement":[{"Effect":"Allow","Action":"s3:GetObjekt","Resource":"*"}]}"#, "UNKNOWN_ACTION@Statement[0].Action[0]"),
        (#"{"Statement":[{"Effect":"Allow","Action":"sqq:SendMessage","Resource":"*"}]}"#, "UNKNOWN_SERVICE@Statement[0].Action[0]"),
        (#"{"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}"#, "NOTACTION_WITH_ALLOW@Statement[0].NotAction"),
        (#"{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::x/*"}]}"#, "NOTRESOURCE_WITH_ALLOW@Statement[0].NotResource"),
        (#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#, "STAR_ACTION@Statement[0].Action[0]"),
        (#"{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#, "STAR_RESOURCE@Statement[0].Resource"),
        (#"{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}"#, "PRIVILEGE_ESCALATION@Statement[0].Action"),
        (#"{"Statement":[{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"arn:aws:iam::1:policy/p"}]}"#, "PRIVILEGE_ESCALATION@Statement[0].Action"),
        (#"{"Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:1:q","Condition":{"StringLike":{"s3:prefix":"x"}}}]}"#,
         "UNKNOWN_CONDITION_FOR_ACTION@Statement[0].Condition.StringLike.s3:prefix"),
        (#"{"Statement":[{"Effect":"Allow","Action":"sqs:SendMessage"}]}"#, "RESOURCE_MISSING@Statement[0].Resource"),
        (#"{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringLike":"x"}}]}"#,
         "MALFORMED_POLICY@Statement[0].Condition.StringLike"),
    ])
    func aFaultIsFoundWhereItIs(text: String, expected: String) {
        #expect(issues(text).contains(expected), "\(issues(text))")
    }

    @Test func aPolicyOverTheInlineLimitIsFlagged() {
        let resources = (0..<400).map { "\"arn:aws:sqs:us-east-1:111111111111:queue-\($0)\"" }.joined(separator: ",")
        let text = #"{"Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":["# + resources + "]}]}"
        #expect(issues(text).contains("POLICY_TOO_LARGE@"))
    }

    @Test func aManagedPolicyHasTheSmallerLimitAndWhitespaceIsNotCounted() {
        let resources = (0..<150).map { "\"arn:aws:sqs:us-east-1:111111111111:queue-\($0)\"" }.joined(separator: ",\n        ")
        let text = #"{"Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":["# + resources + "]}]}"
        #expect(text.count > PolicyChecker.managedSizeLimit)
        #expect(checker.check(text, kind: .inline).map(\.issue) == [])
        #expect(checker.check(text, kind: .managed).map(\.issue) == ["POLICY_TOO_LARGE"])
    }

    @Test func bucketAndObjectPatternsAreToldApart() {
        let bucket = ARNPattern("arn:${Partition}:s3:::${BucketName}").admits
        #expect(bucket("arn:aws:s3:::logs"))
        #expect(bucket("arn:aws:s3:::logs-*"))
        #expect(!bucket("arn:aws:s3:::logs/*"))
        let object = ARNPattern("arn:${Partition}:s3:::${BucketName}/${ObjectName}").admits
        #expect(object("arn:aws:s3:::logs/*"))
        #expect(object("arn:aws:s3:::*"))
        #expect(!object("arn:aws:s3:::logs"))
        #expect(!object("arn:aws:sqs:us-east-1:111111111111:q"))
    }

    @Test func didYouMeanNamesTheClosestAction() {
        let finding = checker.check(#"{"Statement":[{"Effect":"Allow","Action":"s3:GetObjekt","Resource":"*"}]}"#)[0]
        #expect(finding.detail.contains("did you mean s3:GetObject"))
    }
}
