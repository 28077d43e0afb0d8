import IAMPolicy
import Testing

/// The reviewer's effect lists: what a new document allows that the old did not, and what it no
/// longer allows, with wildcards expanded against the catalog and resources compared as patterns.
@Suite struct PolicyEffectDiffTests {
    func document(_ text: String) throws -> PolicyDocument {
        try PolicyDocument(parsing: text)
    }

    func statement(_ effect: String = "Allow", action: String, resource: String, extra: String = "") -> String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"\#(effect)","Action":\#(action),"Resource":\#(resource)\#(extra)}]}"#
    }

    @Test func aNewPolicyAllowsEachActionOnEachResource() throws {
        let after = try document(statement(action: #"["s3:GetObject","s3:PutObject"]"#, resource: #"["arn:aws:s3:::b/*","arn:aws:s3:::c/*"]"#))
        let diff = PolicyEffectDiff(before: nil, after: after)
        #expect(diff.newlyAllowed == [
            "s3:GetObject arn:aws:s3:::b/*", "s3:PutObject arn:aws:s3:::b/*",
            "s3:GetObject arn:aws:s3:::c/*", "s3:PutObject arn:aws:s3:::c/*",
        ])
        #expect(diff.noLongerAllowed == [])
    }

    @Test func aDetachedPolicyNoLongerAllowsWhatItAllowed() throws {
        let before = try document(statement(action: #""sqs:SendMessage""#, resource: #""arn:aws:sqs:us-east-1:111111111111:q""#))
        let diff = PolicyEffectDiff(before: before, after: nil)
        #expect(diff.newlyAllowed == [])
        #expect(diff.noLongerAllowed == ["sqs:SendMessage arn:aws:sqs:us-east-1:111111111111:q"])
    }

    @Test func aWildcardActionIsExpandedAgainstTheCatalogAndOnlyTheNewActionsAreListed() throws {
        let catalog = IAMCatalog.bundled
        let before = try document(statement(action: #""s3:GetObject""#, resource: #""arn:aws:s3:::b/*""#))
        let after = try document(statement(action: #""s3:GetObject*""#, resource: #""arn:aws:s3:::b/*""#))
        let diff = PolicyEffectDiff(before: before, after: after, catalog: catalog)
        let expected = catalog.actions(matching: "s3:GetObject*").map(\.fullName).filter { $0 != "s3:GetObject" }
        #expect(!expected.isEmpty)
        #expect(Set(diff.newlyAllowed) == Set(expected.map { "\($0) arn:aws:s3:::b/*" }))
        #expect(diff.newlyAllowed.contains("s3:GetObjectTagging arn:aws:s3:::b/*"))
        #expect(!diff.newlyAllowed.contains("s3:GetObject arn:aws:s3:::b/*"))
        #expect(diff.noLongerAllowed == [])
    }

    @Test func everyActionOfAServiceIsWrittenAsTheServiceWildcard() throws {
        let after = try document(statement(action: #""sqs:*""#, resource: #""*""#))
        #expect(PolicyEffectDiff(before: nil, after: after).newlyAllowed == ["sqs:* *"])
    }

    @Test func narrowingAResourceAllowsNothingNewAndNoLongerAllowsTheWiderOne() throws {
        let before = try document(statement(action: #""s3:GetObject""#, resource: #""arn:aws:s3:::b/*""#))
        let after = try document(statement(action: #""s3:GetObject""#, resource: #""arn:aws:s3:::b/logs/*""#))
        let diff = PolicyEffectDiff(before: before, after: after)
        #expect(diff.newlyAllowed == [])
        #expect(diff.noLongerAllowed == ["s3:GetObject arn:aws:s3:::b/*"])
    }

    @Test func anUnconditionalDenyTakesAwayWhatAnAllowGrantsButAConditionalOneDoesNot() throws {
        let denied = try document(#"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::b/*"},
              {"Effect":"Deny","Action":"s3:Put*","Resource":"*"}]}
            """#)
        #expect(PolicyEffectDiff(before: nil, after: denied).newlyAllowed == ["s3:GetObject arn:aws:s3:::b/*"])
        let conditional = try document(#"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"},
              {"Effect":"Deny","Action":"s3:Put*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}
            """#)
        #expect(PolicyEffectDiff(before: nil, after: conditional).newlyAllowed == ["s3:PutObject arn:aws:s3:::b/*"])
    }

    @Test func anActionTheCatalogDoesNotKnowIsKeptAsWritten() throws {
        let after = try document(statement(action: #""example:DoThing""#, resource: #""*""#))
        #expect(PolicyEffectDiff(before: nil, after: after).newlyAllowed == ["example:DoThing *"])
    }

    @Test func identicalDocumentsChangeNothing() throws {
        let text = statement(action: #"["s3:List*","s3:GetObject"]"#, resource: #"["arn:aws:s3:::b","arn:aws:s3:::b/*"]"#)
        let diff = PolicyEffectDiff(before: try document(text), after: try document(text))
        #expect(diff.newlyAllowed == [])
        #expect(diff.noLongerAllowed == [])
    }
}
