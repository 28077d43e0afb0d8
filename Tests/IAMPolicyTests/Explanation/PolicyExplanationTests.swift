import IAMPolicy
import Testing

/// Plain-English summaries built from the catalog's access levels.
@Suite struct PolicyExplanationTests {
    let explanation = PolicyExplanation()

    @Test func anS3ReadStatementSaysWhatAndWhere() {
        let text = explanation.summary(of: PolicyStatement(
            action: ["s3:getobject", "s3:listbucket"], resource: ["arn:aws:s3:::app-logs", "arn:aws:s3:::app-logs/logs/*"]))
        #expect(text == "Allows list and read (2 s3 actions) on bucket `app-logs` and objects under `logs/` in bucket `app-logs`.")
    }

    @Test func aQueueNamesItsAccountAndRegion() {
        let text = explanation.summary(of: PolicyStatement(
            action: ["sqs:SendMessage"], resource: ["arn:aws:sqs:us-east-1:111111111111:jobs"]))
        #expect(text == "Allows change (1 sqs action) on queue `jobs` (account 111111111111, us-east-1).")
    }

    @Test func denialsWildcardsConditionsAndUnknownActionsAreSpelledOut() {
        let text = explanation.summary(of: PolicyStatement(
            effect: .deny, action: ["*"], resource: ["*"], condition: PolicyCondition(["Bool": ["aws:SecureTransport": [false]]])))
        #expect(text == "Denies every action of every service on any resource when aws:SecureTransport Bool `false`.")
        #expect(explanation.summary(of: PolicyStatement(action: ["s3:Fly"], resource: ["*"])).contains("unknown actions `s3:Fly`"))
        #expect(explanation.summary(of: PolicyStatement(notAction: ["iam:*"], resource: ["*"])).hasPrefix("Allows every action except `iam:*`"))
    }
}
