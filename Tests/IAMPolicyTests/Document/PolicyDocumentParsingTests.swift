import IAMPolicy
import PorticoCore
import Testing

/// Policy documents read from JSON in every form IAM accepts, and refused with the path at fault.
@Suite struct PolicyDocumentParsingTests {
    @Test func aSingleStatementObjectAndStringListsAreRead() throws {
        let document = try PolicyDocument(parsing: """
            {"Version": "2012-10-17", "Statement": {"Sid": "Read", "Effect": "Allow",
              "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/*"}}
            """)
        #expect(document.version == "2012-10-17")
        #expect(document.statements.count == 1)
        let statement = document.statements[0]
        #expect(statement.sid == "Read" && statement.effect == .allow)
        #expect(statement.action == ["s3:GetObject"] && statement.resource == ["arn:aws:s3:::logs/*"])
        #expect(statement.notAction == nil && statement.principal == nil && statement.condition == nil)
    }

    @Test func everyElementOfAStatementIsRead() throws {
        let document = try PolicyDocument(parsing: """
            {"Id": "trust", "Statement": [{"Effect": "Deny", "NotAction": ["iam:*", "sts:*"],
              "NotResource": ["arn:aws:iam::111111111111:role/a"],
              "NotPrincipal": {"AWS": "arn:aws:iam::111111111111:root", "Service": ["ec2.amazonaws.com"]},
              "Condition": {"Bool": {"aws:SecureTransport": false}, "StringLike": {"ses:FromAddress": ["a@x", "b@x"]}}},
             {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": "*",
              "IncludeAccounts": ["111111111111"], "ExcludeAccounts": "222222222222"}]}
            """)
        #expect(document.version == nil && document.id == "trust")
        let deny = document.statements[0]
        #expect(deny.effect == .deny && deny.notAction == ["iam:*", "sts:*"])
        #expect(deny.notResource == ["arn:aws:iam::111111111111:role/a"])
        #expect(deny.notPrincipal == .identified(["AWS": ["arn:aws:iam::111111111111:root"], "Service": ["ec2.amazonaws.com"]]))
        #expect(deny.condition?.operators["Bool"]?["aws:SecureTransport"] == [.bool(false)])
        #expect(deny.condition?.operators["StringLike"]?["ses:FromAddress"] == ["a@x", "b@x"])
        let allow = document.statements[1]
        #expect(allow.principal == .everyone)
        #expect(allow.includeAccounts == ["111111111111"] && allow.excludeAccounts == ["222222222222"])
    }

    @Test(arguments: [
        (#"{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}, {"Effect": "allow", "Action": "x:y"}]}"#,
         "Statement[1].Effect"),
        (#"{"Statement": {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", 3]}}"#, "Statement.Action[2]"),
        (#"{"Version": "2020-01-01", "Statement": {"Effect": "Allow", "Action": "s3:*"}}"#, "Version"),
        (#"{"Statement": [{"Action": "s3:*"}]}"#, "Statement[0].Effect"),
        (#"{"Statement": [{"Effect": "Allow", "Resource": "*"}]}"#, "Statement[0].Action"),
        (#"{"Statement": [{"Effect": "Allow", "Action": "s3:*", "NotAction": "iam:*"}]}"#, "Statement[0].NotAction"),
        (#"{"Statement": [{"Effect": "Allow", "Action": [], "Resource": "*"}]}"#, "Statement[0].Action"),
        (#"{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resorce": "*"}]}"#, "Statement[0].Resorce"),
        (#"{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Condition": {"StringLike": "x"}}]}"#,
         "Statement[0].Condition.StringLike"),
        (#"{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Condition": {"Null": {"aws:x": {"a": 1}}}}]}"#,
         "Statement[0].Condition.Null.aws:x"),
        (#"{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Principal": {"Robot": "x"}}]}"#,
         "Statement[0].Principal.Robot"),
        (#"{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Principal": "someone"}]}"#, "Statement[0].Principal"),
        (#"{"Statement": []}"#, "Statement"),
        (#"{"Version": "2012-10-17"}"#, "Statement"),
        (#"["not", "an", "object"]"#, ""),
        (#"{"Statement": ["x"]}"#, "Statement[0]"),
    ])
    func aMisshapenDocumentIsRefusedNamingThePath(text: String, path: String) {
        do {
            _ = try PolicyDocument(parsing: text)
            Issue.record("parsed \(text)")
        } catch .structure(let error) {
            #expect(error.path == path, "\(error)")
        } catch {
            Issue.record("not a structure error: \(error)")
        }
    }

    @Test func everyProblemIsReportedNotOnlyTheFirst() throws {
        let json = try JSONValue(parsing: Array(#"{"Statement": [{"Effect": 1, "Action": 2}, {"Action": "x"}]}"#.utf8))
        let paths = PolicyDocument.structureProblems(of: json).map(\.path)
        #expect(paths == ["Statement[0].Effect", "Statement[0].Action", "Statement[1].Effect"])
    }

    @Test func textThatIsNotJSONIsASyntaxError() {
        #expect {
            try PolicyDocument(parsing: #"{"Statement": [}"#)
        } throws: { error in
            if case .syntax = error as? PolicyParseError { true } else { false }
        }
    }
}
