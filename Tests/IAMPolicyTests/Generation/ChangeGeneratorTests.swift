import IAMPolicy
import PorticoCore
import Testing

/// `generate_changes` from the wizard's choices to one policy (CONSOLEME.md 3.3): every
/// generator type, prefix handling, condition substitution, naming, refused input.
@Suite struct ChangeGeneratorTests {
    let generator = ChangeGenerator()

    func generate(_ changes: [JSONValue], user: String = "alice@example.com") throws -> ChangeGenerator.GeneratedPolicy {
        let requests = try changes.enumerated().map { try GeneratorRequest(json: $0.element, index: $0.offset) }
        return try generator.generate(requests, user: user, epochSeconds: 1_700_000_000, randomLetters: { "abcd" })
    }

    func refusal(_ changes: [JSONValue]) -> String? {
        do {
            _ = try generate(changes)
            return nil
        } catch let error as ChangeGenerationError {
            return error.description
        } catch {
            return "\(error)"
        }
    }

    @Test func s3GetAndListWithAPrefixThenSQSSendIsTwoStatements() throws {
        let policy = try generate([
            ["generator_type": "s3", "resource_arn": ["arn:aws:s3:::app-logs"], "bucket_prefix": "logs/",
             "action_groups": ["get", "list"]],
            ["generator_type": "sqs", "resource_arn": "arn:aws:sqs:us-east-1:111111111111:jobs", "action_groups": ["send_messages"]],
        ])
        let statements = policy.document.statements
        #expect(statements.count == 2)
        #expect(statements[0].resource == ["arn:aws:s3:::app-logs", "arn:aws:s3:::app-logs/logs/*"])
        #expect(statements[0].action?.contains("s3:getobject") == true && statements[0].action?.contains("s3:listbucket") == true)
        #expect(statements[0].action?.count == 8)
        #expect(statements[1].action == ["sqs:getqueueattributes", "sqs:getqueueurl", "sqs:sendmessage"])
        #expect(policy.resourceARNs == ["arn:aws:s3:::app-logs", "arn:aws:s3:::app-logs/logs/*", "arn:aws:sqs:us-east-1:111111111111:jobs"])
        #expect(policy.policyName == "cm_alice_1700000000_abcd")
        #expect(policy.document.version == "2012-10-17")
    }

    @Test func aBareBucketNameGetsTheS3PrefixAndTheDefaultPrefixIsEverything() throws {
        let policy = try generate([["generator_type": "s3", "resource_arn": "data", "action_groups": ["put"]]])
        #expect(policy.document.statements[0].resource == ["arn:aws:s3:::data", "arn:aws:s3:::data/*"])
        // ListMultipartUploadParts* swallows nothing else here but stays a wildcard.
        #expect(policy.document.statements[0].action?.contains("s3:listmultipartuploadparts*") == true)
    }

    @Test func sesSubstitutesItsFromAddressIntoTheCondition() throws {
        let policy = try generate([["generator_type": "ses", "resource_arn": "arn:aws:ses:us-east-1:111111111111:identity/x.com",
                                    "from_address": "noreply@x.com", "action_groups": ["send_email"]]])
        #expect(policy.document.statements[0].condition == PolicyCondition(["StringLike": ["ses:FromAddress": ["noreply@x.com"]]]))
    }

    @Test func aClientConditionIsKeptAsSent() throws {
        let policy = try generate([["generator_type": "sqs", "resource_arn": "arn:aws:sqs:us-east-1:1:q", "action_groups": ["purge_messages"],
                                    "condition": ["Bool": ["aws:SecureTransport": "true"]]]])
        #expect(policy.document.statements[0].condition == PolicyCondition(["Bool": ["aws:SecureTransport": ["true"]]]))
    }

    @Test func crudLookupTakesTheServicesActionsAtTheLevel() throws {
        let policy = try generate([["generator_type": "crud_lookup", "service_name": "SQS", "resource_arn": "*",
                                    "action_groups": ["read", "list"]]])
        let actions = try #require(policy.document.statements[0].action)
        #expect(actions.contains("sqs:receivemessage") && actions.contains("sqs:listqueues") && !actions.contains("sqs:sendmessage"))
    }

    @Test func stsAndGenericTypesUseTheirActionMaps() throws {
        let policy = try generate([
            ["generator_type": "sts", "resource_arn": "arn:aws:iam::111111111111:role/x", "action_groups": ["assume_role"]],
            ["generator_type": "route53", "resource_arn": "*", "action_groups": ["list_records"], "extra_actions": ["route53:GetHostedZone"]],
        ])
        #expect(policy.document.statements.map(\.action) == [["sts:assumerole"], ["route53:gethostedzone", "route53:listresourcerecordsets"]])
    }

    @Test func theAccumulatedPolicyResentAsCustomIAMIsMinimizedWithTheNewChoice() throws {
        let first = try generate([["generator_type": "sqs", "resource_arn": "arn:aws:sqs:us-east-1:1:q", "action_groups": ["send_messages"]]])
        let second = try generate([
            ["generator_type": "custom_iam", "policy": first.document.json],
            ["generator_type": "sqs", "resource_arn": "arn:aws:sqs:us-east-1:1:q", "action_groups": ["receive_messages"]],
        ])
        #expect(second.document.statements.count == 1)
        #expect(second.document.statements[0].action == [
            "sqs:deletemessage", "sqs:getqueueattributes", "sqs:getqueueurl", "sqs:receivemessage", "sqs:sendmessage",
        ])
    }

    @Test func accountsToIncludeAndExcludeBecomeTemplateKeys() throws {
        let policy = try generate([["generator_type": "sns", "resource_arn": "arn:aws:sns:us-east-1:1:t", "action_groups": ["publish"],
                                    "include_accounts": ["222222222222", "111111111111"], "exclude_accounts": ["333333333333"]]])
        #expect(policy.document.statements[0].includeAccounts == ["111111111111", "222222222222"])
        #expect(policy.document.statements[0].excludeAccounts == ["333333333333"])
    }

    @Test func namesFollowConsoleMe() throws {
        #expect(ChangeGenerator.policyName(user: "bob.jones@x.com", epochSeconds: 5, expiration: nil, letters: "wxyz") == "cm_bob.jones_5_wxyz")
        #expect(ChangeGenerator.policyName(user: "bob@x.com", epochSeconds: 5, expiration: "2026-12-31T00:00:00Z", letters: "q")
            == "cm_delete-on_20261231_bob_5")
        let named = try generate([["generator_type": "sts", "resource_arn": "arn:aws:iam::1:role/x", "action_groups": ["assume_role"],
                                   "policy_name": "my-policy"]])
        #expect(named.policyName == "my-policy")
        #expect(refusal([["generator_type": "sts", "resource_arn": "r", "action_groups": ["assume_role"], "policy_name": "bad name!"]])?
            .contains("policy_name") == true)
    }

    @Test func camelCaseFieldsAreReadToo() throws {
        let policy = try generate([["GeneratorType": "s3", "ResourceArn": "b", "BucketPrefix": "/tmp/*", "ActionGroups": ["list"]]])
        #expect(policy.document.statements[0].resource == ["arn:aws:s3:::b", "arn:aws:s3:::b/tmp/*"])
    }

    @Test func badInputIsRefusedNamingWhatWasWrong() {
        #expect(refusal([["generator_type": "s3", "resource_arn": "b", "action_groups": ["get", "fly"]]])?.contains("\"fly\"") == true)
        #expect(refusal([["generator_type": "teleport", "resource_arn": "x"]])?.contains("teleport") == true)
        #expect(refusal([["generator_type": "crud_lookup", "service_name": "nosuch", "resource_arn": "*", "action_groups": ["read"]]])?
            .contains("nosuch") == true)
        #expect(refusal([["generator_type": "crud_lookup", "service_name": "s3", "resource_arn": "*", "action_groups": ["fly"]]])?
            .contains("fly") == true)
        #expect(refusal([["generator_type": "sqs", "action_groups": ["send_messages"]]])?.contains("resource_arn") == true)
        #expect(refusal([["generator_type": "custom_iam", "policy": ["Statement": [["Effect": "Allow", "Action": "s3:*"]]]]])?
            .contains("Resource") == true)
        #expect(refusal([["generator_type": "custom_iam", "policy": ["Statement": [["Effect": "Maybe", "Action": "s3:*", "Resource": "*"]]]]])?
            .contains("Statement[0].Effect") == true)
        #expect(refusal([]) != nil)
        #expect(refusal([["generator_type": "sqs", "resource_arn": "q", "action_groups": ["purge_messages"], "principal": ["a": "1"]],
                         ["generator_type": "sqs", "resource_arn": "q", "action_groups": ["purge_messages"], "principal": ["a": "2"]]])?
            .contains("same principal") == true)
    }
}
