import Foundation
import Logging
import PorticoHTTP
import PorticoTestSupport

@testable import PorticoAWS

/// A moto server without signature checking, seeded through PorticoAWS itself: every call acts
/// in the account named by its `x-moto-account-id` header.
struct MotoEstate: Sendable {
    let moto: MotoServer
    let http: HTTPClient
    let logger: Logger

    static func start() async throws -> MotoEstate {
        let moto = try await MotoServer.start()
        let logger = TestLogging.logger("portico.tests.moto")
        return MotoEstate(moto: moto, http: HTTPClient(configuration: .defaults, logger: logger), logger: logger)
    }

    func stop() async {
        await http.shutdown()
        moto.stop()
    }

    /// An AWS client acting in `account`.
    func client(account: String, region: String = "us-east-1") -> AWSClient {
        let configuration = AWSConfiguration(
            region: region, endpointURL: moto.endpoint, maxAttempts: 3,
            additionalHeaders: [HeaderField("x-moto-account-id", account)])
        return AWSClient(
            configuration: configuration,
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIASEEDEXAMPLE00001", secretAccessKey: "seed")),
            http: http, logger: logger)
    }

    /// Seeds `plan` into every account, accounts in parallel.
    func seed(_ plan: SeedPlan, accounts: [String]) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for account in accounts {
                group.addTask { try await seed(plan, account: account) }
            }
            try await group.waitForAll()
        }
    }

    func seed(_ plan: SeedPlan, account: String) async throws {
        let client = client(account: account)
        let iam = IAMClient(client: client)
        let managedARN = "arn:aws:iam::\(account):policy/seeded-managed"
        do {
            _ = try await iam.createPolicy(name: "seeded-managed", document: SeedPlan.inlinePolicy)
        } catch let error as AWSError where error.code == "EntityAlreadyExists" {
            // Seeded by an earlier plan.
        }
        for role in plan.roles {
            _ = try await iam.createRole(
                name: role.name, assumeRolePolicyDocument: SeedPlan.trustPolicy, maxSessionDuration: 7200,
                tags: role.tags.sorted { $0.key < $1.key }.map { AWSTag(key: $0.key, value: $0.value) })
            try await iam.putRolePolicy(roleName: role.name, policyName: "inline", document: SeedPlan.inlinePolicy)
            try await iam.attachRolePolicy(roleName: role.name, policyARN: managedARN)
        }
        let s3 = S3Client(client: client)
        for index in 0..<plan.buckets {
            let name = SeedPlan.bucketName(account, index)
            try await s3.createBucket(bucket: name)
            try await s3.putBucketPolicy(bucket: name, policy: SeedPlan.resourcePolicy("s3:GetObject", "arn:aws:s3:::\(name)/*"))
            try await putBucketTags(s3, bucket: name, tags: ["team": "storage", "index": String(index)])
        }
        let sqs = SQSClient(client: client)
        for index in 0..<plan.queues {
            _ = try await sqs.createQueue(
                name: SeedPlan.queueName(account, index),
                attributes: ["Policy": SeedPlan.resourcePolicy("sqs:SendMessage", SeedPlan.queueARN(account, index))],
                tags: [AWSTag(key: "team", value: "messaging")])
        }
        let sns = SNSClient(client: client)
        for index in 0..<plan.topics {
            _ = try await sns.createTopic(
                name: "topic-\(index)",
                attributes: ["Policy": SeedPlan.resourcePolicy("sns:Publish", SeedPlan.topicARN(account, index))],
                tags: [AWSTag(key: "team", value: "alerts")])
        }
    }

    /// `PutBucketTagging` (seeding only; the cache reads tags, it never writes them).
    func putBucketTags(_ s3: S3Client, bucket: String, tags: [String: String]) async throws {
        let set = tags.sorted { $0.key < $1.key }.map { "<Tag><Key>\($0.key)</Key><Value>\($0.value)</Value></Tag>" }.joined()
        _ = try await s3.client.send(AWSRequest(
            operation: "PutBucketTagging", method: "PUT", path: "/\(bucket)", query: [QueryItem("tagging")],
            headers: [HeaderField("Content-Type", "application/xml")],
            body: Array("<Tagging><TagSet>\(set)</TagSet></Tagging>".utf8)), service: .s3)
    }

    /// Replaces a role's tag.
    func tagRole(account: String, role: String, key: String, value: String) async throws {
        try await IAMClient(client: client(account: account)).tagRole(name: role, tags: [AWSTag(key: key, value: value)])
    }

    /// `n` distinct 12-digit account ids starting at `first`.
    static func accounts(_ n: Int, first: Int = 100_000_000_001) -> [String] {
        (0..<n).map { String(first + $0) }
    }
}
