import IAMPolicy
import Testing

/// ConsoleMe's minimization (CONSOLEME.md 3.4): normalized lists, wildcard subsumption, merging, Sids.
@Suite struct PolicyMinimizerTests {
    let minimizer = PolicyMinimizer(user: "alice.smith@example.com", epochSeconds: 1_700_000_000)

    @Test func actionsAreLowercasedDeduplicatedAndSorted() {
        #expect(PolicyMinimizer.reduced(["s3:GetObject", "s3:getobject", "s3:ListBucket"].map { $0.lowercased() })
            == ["s3:getobject", "s3:listbucket"])
        let statement = PolicyMinimizer.normalized(PolicyStatement(action: ["SQS:SendMessage", "sqs:sendmessage"], resource: ["b", "a"]))
        #expect(statement.action == ["sqs:sendmessage"] && statement.resource == ["a", "b"])
    }

    @Test func anEntryAWildcardCoversIsDropped() {
        #expect(PolicyMinimizer.reduced(["s3:get*", "s3:getobject", "s3:listbucket"]) == ["s3:get*", "s3:listbucket"])
        #expect(PolicyMinimizer.reduced(["arn:aws:s3:::b/*", "arn:aws:s3:::b/x", "arn:aws:s3:::b"])
            == ["arn:aws:s3:::b", "arn:aws:s3:::b/*"])
        #expect(PolicyMinimizer.reduced(["*", "s3:getobject"]) == ["*"])
    }

    @Test func statementsDifferingInOneListAreMerged() {
        let document = PolicyDocument(statements: [
            PolicyStatement(action: ["s3:GetObject"], resource: ["arn:aws:s3:::a/*"]),
            PolicyStatement(action: ["s3:GetObject"], resource: ["arn:aws:s3:::b/*"]),
            PolicyStatement(action: ["s3:PutObject"], resource: ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"]),
        ])
        let minimal = minimizer.minimize(document)
        #expect(minimal.statements.count == 1)
        #expect(minimal.statements[0].action == ["s3:getobject", "s3:putobject"])
        #expect(minimal.statements[0].resource == ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"])
    }

    @Test func statementsDifferingInTwoListsOrInConditionOrEffectStayApart() {
        let document = PolicyDocument(statements: [
            PolicyStatement(action: ["s3:GetObject"], resource: ["arn:aws:s3:::a/*"]),
            PolicyStatement(action: ["sqs:SendMessage"], resource: ["arn:aws:sqs:us-east-1:111111111111:q"]),
            PolicyStatement(effect: .deny, action: ["s3:GetObject"], resource: ["arn:aws:s3:::b/*"]),
            PolicyStatement(action: ["s3:GetObject"], resource: ["arn:aws:s3:::c/*"],
                            condition: PolicyCondition(["Bool": ["aws:SecureTransport": [true]]])),
        ])
        #expect(minimizer.minimize(document).statements.count == 4)
    }

    @Test func mergingSwallowsWhatTheUnionsWildcardCovers() {
        let minimal = minimizer.minimize(PolicyDocument(statements: [
            PolicyStatement(action: ["s3:GetObject"], resource: ["*"]),
            PolicyStatement(action: ["s3:Get*"], resource: ["*"]),
        ]))
        #expect(minimal.statements.map(\.action) == [["s3:get*"]])
    }

    @Test func sidsAreFreshDeterministicAndUnique() {
        let document = PolicyDocument(statements: [
            PolicyStatement(sid: "Old", action: ["s3:GetObject"], resource: ["arn:aws:s3:::a/*"]),
            PolicyStatement(sid: "Old", effect: .deny, action: ["iam:*"], resource: ["*"]),
        ])
        let first = minimizer.minimize(document)
        let sids = first.statements.compactMap(\.sid)
        #expect(sids.count == 2 && Set(sids).count == 2)
        #expect(sids.allSatisfy { $0.hasPrefix("cmalicesmith1700000000") && $0.count == "cmalicesmith1700000000".count + 4 })
        #expect(sids.allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber } })
        #expect(minimizer.minimize(document) == first)
        #expect(minimizer.minimize(first) == first)
    }
}
