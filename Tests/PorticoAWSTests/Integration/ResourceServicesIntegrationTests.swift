import PorticoCore
import Testing

@testable import PorticoAWS

extension MotoIntegrationTests {
    /// S3, SQS and SNS: the resources the inventory reads, with their policies and tags.
    @Suite struct ResourceServices {
        static func policy(_ resource: String) -> String {
            #"{"Version":"2012-10-17","Statement":[{"Sid":"ReadOnly","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:GetObject","Resource":""#
                + resource + #""}]}"#
        }

        @Test func s3BucketsPoliciesLocationAndTags() async throws {
            let s3 = S3Client(client: try MotoIntegrationTests.hub().client())
            let bucket = MotoIntegrationTests.unique("bucket")
            try await s3.createBucket(bucket: bucket)
            #expect(try await s3.listBuckets().contains { $0.name == bucket })
            #expect(try await s3.getBucketLocation(bucket: bucket) == "us-east-1")
            #expect(try await s3.getBucketPolicy(bucket: bucket) == nil)
            #expect(try await s3.getBucketTagging(bucket: bucket) == [])

            let policy = Self.policy("arn:aws:s3:::\(bucket)/*")
            try await s3.putBucketPolicy(bucket: bucket, policy: policy)
            let stored = try #require(try await s3.getBucketPolicy(bucket: bucket))
            #expect(try JSONValue.parseAnswer(Array(stored.utf8)) == JSONValue.parseAnswer(Array(policy.utf8)))

            // Tags are seeded with a raw PutBucketTagging (not a client operation) to read them back.
            let tagging = "<Tagging><TagSet><Tag><Key>team</Key><Value>sec ops</Value></Tag>"
                + "<Tag><Key>env</Key><Value>prod</Value></Tag></TagSet></Tagging>"
            _ = try await s3.client.send(AWSRequest(
                operation: "PutBucketTagging", method: "PUT", path: "/\(bucket)", query: [QueryItem("tagging")],
                headers: [HeaderField("Content-Type", "application/xml")], body: Array(tagging.utf8)), service: .s3)
            #expect(Set(try await s3.getBucketTagging(bucket: bucket)) == [
                AWSTag(key: "team", value: "sec ops"), AWSTag(key: "env", value: "prod"),
            ])

            let european = MotoIntegrationTests.unique("eu-bucket")
            try await s3.inRegion("eu-west-1").createBucket(bucket: european)
            #expect(try await s3.getBucketLocation(bucket: european) == "eu-west-1")

            let missing = await #expect(throws: AWSError.self) {
                _ = try await s3.getBucketLocation(bucket: MotoIntegrationTests.unique("absent"))
            }
            #expect(missing?.code == "NoSuchBucket")
            await #expect(throws: AWSClientError.self) { _ = try await s3.getBucketPolicy(bucket: "") }
        }

        @Test func sqsQueuesAttributesAndTags() async throws {
            let sqs = SQSClient(client: try MotoIntegrationTests.hub().client())
            let name = MotoIntegrationTests.unique("queue")
            let url = try await sqs.createQueue(
                name: name, attributes: ["DelaySeconds": "5"], tags: [AWSTag(key: "team", value: "sec")])
            #expect(url.hasSuffix("/\(MotoHub.hubAccount)/\(name)"))
            #expect(try await sqs.listQueues(prefix: name) == [url])

            let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*"}]}"#
            try await sqs.setQueueAttributes(queueURL: url, attributes: ["Policy": policy, "VisibilityTimeout": "45"])
            let attributes = try await sqs.getQueueAttributes(queueURL: url)
            #expect(attributes["DelaySeconds"] == "5")
            #expect(attributes["VisibilityTimeout"] == "45")
            #expect(try JSONValue.parseAnswer(Array(try #require(attributes["Policy"]).utf8)) == JSONValue.parseAnswer(Array(policy.utf8)))
            #expect(try await sqs.listQueueTags(queueURL: url) == [AWSTag(key: "team", value: "sec")])
        }

        @Test func snsTopicsAttributesAndTags() async throws {
            let sns = SNSClient(client: try MotoIntegrationTests.hub().client())
            let name = MotoIntegrationTests.unique("topic")
            let arn = try await sns.createTopic(
                name: name, attributes: ["DisplayName": "Portico"], tags: [AWSTag(key: "team", value: "sec")])
            #expect(arn == "arn:aws:sns:us-east-1:\(MotoHub.hubAccount):\(name)")
            #expect(try await sns.listTopics().contains(arn))

            let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":""#
                + arn + #""}]}"#
            try await sns.setTopicAttribute(topicARN: arn, name: "Policy", value: policy)
            let attributes = try await sns.getTopicAttributes(topicARN: arn)
            #expect(attributes["DisplayName"] == "Portico")
            #expect(attributes["TopicArn"] == arn)
            #expect(try JSONValue.parseAnswer(Array(try #require(attributes["Policy"]).utf8)) == JSONValue.parseAnswer(Array(policy.utf8)))
            #expect(try await sns.listTagsForResource(arn: arn) == [AWSTag(key: "team", value: "sec")])
        }

        @Test func snsListTopicsFollowsNextToken() async throws {
            // SNS pages by 100: 105 topics in a spoke account need two requests.
            let hub = try MotoIntegrationTests.hub()
            let sessions = hub.spokeSessions()
            let sns = SNSClient(client: sessions.client(account: MotoHub.spokeAccounts[2]))
            let token = MotoIntegrationTests.unique("paged")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for batch in 0..<5 {
                    group.addTask {
                        for index in stride(from: batch, to: 105, by: 5) { _ = try await sns.createTopic(name: "\(token)-\(index)") }
                    }
                }
                try await group.waitForAll()
            }
            var pages = 0
            var arns: [String] = []
            for try await page in sns.listTopicsPages() {
                pages += 1
                arns += page
            }
            #expect(pages >= 2)
            #expect(arns.filter { $0.contains(token) }.count == 105)
        }
    }
}
