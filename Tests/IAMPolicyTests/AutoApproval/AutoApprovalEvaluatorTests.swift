import IAMPolicy
import Testing

/// Auto-approval rules judged on the generated policy.
@Suite struct AutoApprovalEvaluatorTests {
    let evaluator = AutoApprovalEvaluator()
    let publicRead = AutoApprovalRule(
        name: "public-s3-read", services: ["s3"], accessLevels: [.read, .list], resourceTags: ["data-class": "public"],
        groups: ["engineers"], maxDurationSeconds: 8 * 3600)
    static let tags: [String: [String: String]] = [
        "arn:aws:s3:::open-data": ["data-class": "public"], "arn:aws:s3:::payroll": ["data-class": "secret"],
    ]

    func decide(_ statements: [PolicyStatement], groups: Set<String> = ["engineers"], duration: Int? = 3600) async
        -> AutoApprovalEvaluator.Decision
    {
        await evaluator.decide(
            .init(document: PolicyDocument(statements: statements), requesterGroups: groups, durationSeconds: duration),
            rules: [publicRead], tags: { Self.tags[$0] })
    }

    func read(_ bucket: String, actions: [String] = ["s3:getobject", "s3:listbucket"]) -> PolicyStatement {
        PolicyStatement(action: actions, resource: ["arn:aws:s3:::\(bucket)", "arn:aws:s3:::\(bucket)/*"])
    }

    func reason(_ decision: AutoApprovalEvaluator.Decision) -> String? {
        if case .needsReview(let reasons) = decision { reasons["public-s3-read"] } else { nil }
    }

    @Test func aMatchingRequestIsApprovedNamingTheRule() async {
        #expect(await decide([read("open-data")]) == .approved(rule: "public-s3-read"))
    }

    @Test func aBucketWithoutTheTagGoesToPeople() async {
        #expect(reason(await decide([read("payroll")]))?.contains("not tagged data-class: public") == true)
        #expect(reason(await decide([read("unknown")]))?.contains("no known tags") == true)
    }

    @Test func aWriteHiddenInAWildcardGoesToPeople() async {
        #expect(reason(await decide([read("open-data", actions: ["s3:Get*", "s3:Put*"])]))?.contains("s3:Put") == true)
        #expect(reason(await decide([read("open-data", actions: ["s3:*"])])) != nil)
        #expect(reason(await decide([read("open-data", actions: ["sqs:ReceiveMessage"])]))?.contains("outside the rule's services") == true)
    }

    @Test func outsideTheGroupsOrTooLongOrPermanentGoesToPeople() async {
        #expect(reason(await decide([read("open-data")], groups: ["contractors"]))?.contains("groups") == true)
        #expect(reason(await decide([read("open-data")], duration: 9 * 3600))?.contains("longer") == true)
        #expect(reason(await decide([read("open-data")], duration: nil))?.contains("permanent") == true)
    }

    @Test func everyStatementMustSatisfyTheRule() async {
        #expect(reason(await decide([read("open-data"), read("payroll")])) != nil)
        #expect(reason(await decide([PolicyStatement(action: ["s3:GetObject"], resource: ["*"])]))?.contains("every resource") == true)
        #expect(reason(await decide([PolicyStatement(notAction: ["iam:*"], resource: ["arn:aws:s3:::open-data"])])) != nil)
    }
}
