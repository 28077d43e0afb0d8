import CacheService
import Foundation
import PorticoCore
import PorticoTestSupport
import Testing

/// Five moto accounts with tagged roles, buckets, queues and topics, swept through their spoke
/// roles by an in-process cache (scheduler and workers), read back through `CacheQueries`.
@Suite(.sweptEstate, .serialized)
struct InventorySweepTests {
    var queries: CacheQueries { get throws { try SweptEstate.require().cache.queries } }

    @Test func everySeededRoleIsCachedWithItsPoliciesTagsAndSessionDuration() async throws {
        let queries = try queries
        for account in SweptEstate.healthy {
            for seeded in SeedPlan.standard.roles {
                let role = try #require(try await queries.role(arn: SeedPlan.roleARN(account, seeded.name)), "\(account)/\(seeded.name)")
                #expect(role.type == .role)
                #expect(role.name == seeded.name)
                #expect(role.accountID == account)
                #expect(Dictionary(uniqueKeysWithValues: role.tags.map { ($0.key, $0.value) }) == seeded.tags)
                #expect(role.policyDocument.map(Self.json) == Self.json(SeedPlan.trustPolicy))
                #expect(role.inlinePolicies.map(\.name) == ["inline"])
                #expect(role.inlinePolicies.first.map { Self.json($0.document) } == Self.json(SeedPlan.inlinePolicy))
                #expect(role.attachedPolicies.map(\.name) == ["seeded-managed"])
                #expect(role.attributes["maxSessionDuration"] == "7200")
            }
            let policy = try #require(try await queries.resource(arn: "arn:aws:iam::\(account):policy/seeded-managed"))
            #expect(policy.type == .managedPolicy)
            #expect(policy.policyDocument.map(Self.json) == Self.json(SeedPlan.inlinePolicy))
        }
    }

    @Test func everyBucketQueueAndTopicIsCachedWithItsPolicyAndTags() async throws {
        let queries = try queries
        for account in SweptEstate.healthy {
            for index in 0..<2 {
                let bucket = try #require(try await queries.resource(arn: SeedPlan.bucketARN(account, index)))
                #expect(bucket.accountID == account)
                #expect(bucket.tag("team") == "storage" && bucket.tag("index") == String(index))
                #expect(bucket.policyDocument.map(Self.json)
                    == Self.json(SeedPlan.resourcePolicy("s3:GetObject", "arn:aws:s3:::\(SeedPlan.bucketName(account, index))/*")))

                let queue = try #require(try await queries.resource(arn: SeedPlan.queueARN(account, index)))
                #expect(queue.type == .queue && queue.region == "us-east-1")
                #expect(queue.tag("team") == "messaging")
                #expect(queue.policyDocument.map(Self.json)
                    == Self.json(SeedPlan.resourcePolicy("sqs:SendMessage", SeedPlan.queueARN(account, index))))

                let topic = try #require(try await queries.resource(arn: SeedPlan.topicARN(account, index)))
                #expect(topic.type == .topic && topic.name == "topic-\(index)")
                #expect(topic.tag("team") == "alerts")
                #expect(topic.policyDocument.map(Self.json)
                    == Self.json(SeedPlan.resourcePolicy("sns:Publish", SeedPlan.topicARN(account, index))))
            }
        }
        #expect(try await queries.resource(arn: "arn:aws:s3:::no-such-bucket") == nil)
        #expect(try await queries.role(arn: SeedPlan.roleARN(SweptEstate.healthy[0], "absent")) == nil)
    }

    @Test func awsConfigResourcesAreSweptWhenConfigured() async throws {
        let page = try await queries.list(ResourceQuery(
            accounts: [SweptEstate.healthy[0]], types: [.config("AWS::S3::Bucket")], limit: 50))
        #expect(Set(page.items.map(\.name)) == [SeedPlan.bucketName(SweptEstate.healthy[0], 0), SeedPlan.bucketName(SweptEstate.healthy[0], 1)])
    }

    @Test func listingFiltersByAccountTypeNameSubstringAndTag() async throws {
        let queries = try queries
        let account = SweptEstate.healthy[2]
        let roles = try await queries.list(ResourceQuery(accounts: [account], types: [.role], limit: 50))
        #expect(roles.items.map(\.name) == ["admin", "readonly", "service"])
        #expect(roles.nextCursor == nil)

        let named = try await queries.list(ResourceQuery(types: [.role], nameContains: "ONLY", limit: 50))
        #expect(Set(named.items.map(\.arn)) == Set(SweptEstate.healthy.map { SeedPlan.roleARN($0, "readonly") }))

        let tagged = try await queries.list(ResourceQuery(types: [.role], tagKey: "env", tagValue: "prod", limit: 50))
        #expect(Set(tagged.items.map(\.name)) == ["admin", "service"])
        #expect(tagged.items.count == 2 * SweptEstate.healthy.count)

        let anyTeam = try await queries.list(ResourceQuery(accounts: [account], tagKey: "team", limit: 50))
        #expect(Set(anyTeam.items.map(\.type)) == [.bucket, .queue, .topic])
        #expect(anyTeam.items.count == 6)
    }

    @Test func pagesCoverTheWholeListingWithoutGapsOrRepeats() async throws {
        let queries = try queries
        let all = try await queries.list(ResourceQuery(limit: 500))
        #expect(all.nextCursor == nil)
        var paged: [String] = []
        var cursor: String?
        repeat {
            let page = try await queries.list(ResourceQuery(cursor: cursor, limit: 7))
            #expect(page.items.count <= 7)
            paged += page.items.map(\.arn)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(paged == all.items.map(\.arn))
        #expect(Set(paged).count == paged.count)
        // 5 accounts × (4 roles incl. … + 1 policy + 2 buckets, queues, topics, config items)
        #expect(all.items.filter { $0.type == .role }.count == 3 * 5 + 1)
    }

    @Test func typeaheadSuggestsNamesByPrefixAcrossAccounts() async throws {
        let queries = try queries
        let suggestions = try await queries.typeahead(prefix: "Read", limit: 20)
        #expect(Set(suggestions.map(\.arn)) == Set(SweptEstate.healthy.map { SeedPlan.roleARN($0, "readonly") }))
        #expect(suggestions.allSatisfy { $0.name == "readonly" && $0.type == .role })
        let topics = try await queries.typeahead(prefix: "topic-1", types: [.topic], accounts: [SweptEstate.healthy[3]], limit: 5)
        #expect(topics.map(\.arn) == [SeedPlan.topicARN(SweptEstate.healthy[3], 1)])
        #expect(try await queries.typeahead(prefix: "zzz", limit: 5).isEmpty)
    }

    @Test func mappingGivesUsersAndGroupsTheirTaggedRolesWithConsoleOrCLIOnly() async throws {
        let queries = try queries
        let healthy = SweptEstate.healthy
        let alice = try await queries.eligibleRoles(user: "alice@example.com", groups: [])
        #expect(alice == healthy.map { EligibleRole(arn: SeedPlan.roleARN($0, "admin"), cliOnly: false) }, "user names match case-insensitively")

        let reader = try await queries.eligibleRoles(user: "someone@example.com", groups: ["team-readers"])
        #expect(reader == healthy.map { EligibleRole(arn: SeedPlan.roleARN($0, "readonly"), cliOnly: true) })

        let bob = try await queries.eligibleRoles(user: "bob@example.com", groups: ["team-readers", "team-admins"])
        #expect(Set(bob) == Set(healthy.flatMap {
            [EligibleRole(arn: SeedPlan.roleARN($0, "readonly"), cliOnly: false), EligibleRole(arn: SeedPlan.roleARN($0, "admin"), cliOnly: false)]
        }), "console access through the user wins over CLI-only through a group")

        #expect(try await queries.eligibleRoles(user: "mallory@example.com", groups: ["nobody"]).isEmpty)
    }

    @Test func dynamicConfigGroupMappingMergesIntoTheMapping() async throws {
        let queries = try queries
        let healthy = SweptEstate.healthy
        let ops = try await queries.eligibleRoles(user: "eve@example.com", groups: ["ops-team", "team-readers"])
        #expect(ops.contains(EligibleRole(arn: SeedPlan.roleARN(healthy[0], "service"), cliOnly: false)))
        #expect(ops.contains(EligibleRole(arn: SeedPlan.roleARN(healthy[1], "service"), cliOnly: true)))
        #expect(ops.filter { $0.arn.hasSuffix(":role/readonly") }.count == healthy.count)
    }

    @Test func changingATagAndRefreshingTheRoleChangesTheMapping() async throws {
        let estate = try SweptEstate.require()
        let queries = estate.cache.queries
        let arn = SeedPlan.roleARN(SweptEstate.healthy[0], "rotating")
        #expect(try await queries.eligibleRoles(user: "dave@example.com", groups: []).map(\.arn) == [arn])
        #expect(try await queries.eligibleRoles(user: "carol@example.com", groups: []).isEmpty)

        try await estate.moto.tagRole(account: SweptEstate.healthy[0], role: "rotating", key: "consoleme-authorized-cli-only", value: "carol@example.com")
        try await estate.moto.tagRole(account: SweptEstate.healthy[0], role: "rotating", key: "consoleme-authorized", value: "erin@example.com")
        let jobs = try await queries.refresh(.role(arn))
        let progress = try await queries.waitUntilFinished(jobIDs: jobs.map(\.id), timeout: .seconds(60))
        #expect(jobs.allSatisfy { progress[$0.id]?.state == .done })

        #expect(try await queries.eligibleRoles(user: "carol@example.com", groups: []) == [EligibleRole(arn: arn, cliOnly: true)])
        #expect(try await queries.eligibleRoles(user: "erin@example.com", groups: []) == [EligibleRole(arn: arn, cliOnly: false)])
        #expect(try await queries.eligibleRoles(user: "dave@example.com", groups: []).isEmpty, "the old principal lost the role")
        let role = try #require(try await queries.role(arn: arn))
        #expect(role.tag("consoleme-authorized-cli-only") == "carol@example.com")
    }

    @Test func sweepStatusRecordsSuccessDurationCountsAndTheRefusedAccountsError() async throws {
        let queries = try queries
        let status = try await queries.status()
        let account = SweptEstate.healthy[1]
        let iam = try #require(status[SweepScope(account: account, kind: .iam)])
        #expect(iam.lastSuccessAt != nil && iam.lastError == nil)
        #expect(iam.itemCount == 3 + 1)  // three roles and the managed policy
        #expect((iam.lastDurationMilliseconds ?? -1) >= 0)
        #expect((iam.awsCalls ?? 0) >= 1)
        #expect(status[SweepScope(account: account, kind: .sqs, region: "us-east-1")]?.itemCount == 2)

        let refused = SweptEstate.settingsScopes(SweptEstate.refusing, queries.settings)
        try await awaitCondition("the refused account's sweeps have failed", timeout: 60) {
            let current = try await queries.status(accounts: [SweptEstate.refusing])
            return refused.allSatisfy { current[$0]?.lastError != nil }
        }
        let failed = try await queries.status(accounts: [SweptEstate.refusing])
        for scope in refused {
            #expect(failed[scope]?.lastSuccessAt == nil)
            #expect(failed[scope]?.lastError?.contains("AccessDenied") == true, "\(scope): \(String(describing: failed[scope]))")
        }
    }

    @Test func accountsAreListedWithTheirNamesAPageAtATime() async throws {
        let queries = try queries
        let first = try await queries.accounts(limit: 4)
        #expect(first.accounts.map(\.id) == Array(SweptEstate.healthy.prefix(4)))
        #expect(first.accounts.first?.name == "account-001")
        let second = try await queries.accounts(after: first.next, limit: 4)
        #expect(second.accounts.map(\.id) == [SweptEstate.healthy[4], SweptEstate.refusing])
        #expect(second.next == nil)
    }

    @Test func badArgumentsAreRefusedWithTypedErrors() async throws {
        let queries = try queries
        await #expect(throws: CacheError.invalidArgument("'not-an-arn' is not an ARN")) { _ = try await queries.resource(arn: "not-an-arn") }
        await #expect(throws: CacheError.self) { _ = try await queries.role(arn: SeedPlan.topicARN(SweptEstate.healthy[0], 0)) }
        await #expect(throws: CacheError.invalidArgument("the cursor is not one this service handed out")) {
            _ = try await queries.list(ResourceQuery(cursor: "garbage!"))
        }
        await #expect(throws: CacheError.self) { _ = try await queries.list(ResourceQuery(limit: 0)) }
        await #expect(throws: CacheError.self) { _ = try await queries.list(ResourceQuery(accounts: ["12"])) }
        await #expect(throws: CacheError.self) { _ = try await queries.list(ResourceQuery(types: [InventoryType(rawValue: "ec2")])) }
        await #expect(throws: CacheError.self) { _ = try await queries.typeahead(prefix: "") }
        await #expect(throws: CacheError.self) { _ = try await queries.refresh(.account("abc")) }
        await #expect(throws: CacheError.self) {
            _ = try await queries.eligibleRoles(user: String(repeating: "x", count: 600), groups: [])
        }
    }

    static func json(_ text: String) -> NSDictionary? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? NSDictionary
    }
}

extension SweptEstate {
    static func settingsScopes(_ account: String, _ settings: CacheSettings) -> [SweepScope] {
        settings.scopes(of: account)
    }
}
