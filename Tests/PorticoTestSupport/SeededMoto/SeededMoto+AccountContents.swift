import Foundation
public import PorticoAWS
import PorticoHTTP

extension SeededMoto {
    /// What `seed(_:accounts:)` puts into each account of a moto without signature checking:
    /// roles (trusting the hub, with an inline and a managed policy, and their tags), buckets with
    /// a policy and tags, queues and topics with a policy and a tag. The static functions name
    /// what it makes.
    public struct AccountContents: Sendable {
        /// A role: its name and tags (its account is the one seeded).
        public struct Role: Sendable {
            public var name: String
            public var tags: [String: String]

            public init(name: String, tags: [String: String]) {
                self.name = name
                self.tags = tags
            }
        }

        public var roles: [Role]
        public var buckets: Int
        public var queues: Int
        public var topics: Int

        public init(roles: [Role], buckets: Int, queues: Int, topics: Int) {
            self.roles = roles
            self.buckets = buckets
            self.queues = queues
            self.topics = topics
        }

        public static func roleARN(_ account: String, _ name: String) -> String { "arn:aws:iam::\(account):role/\(name)" }
        public static func bucketName(_ account: String, _ index: Int) -> String { "bucket-\(account)-\(index)" }
        public static func bucketARN(_ account: String, _ index: Int) -> String { "arn:aws:s3:::\(bucketName(account, index))" }
        public static func queueName(_ account: String, _ index: Int) -> String { "queue-\(index)" }
        public static func queueARN(_ account: String, _ index: Int) -> String { "arn:aws:sqs:us-east-1:\(account):queue-\(index)" }
        public static func topicARN(_ account: String, _ index: Int) -> String { "arn:aws:sns:us-east-1:\(account):topic-\(index)" }

        /// The policy on every seeded bucket, queue and topic: the hub account may `action` on `resource`.
        public static func resourcePolicy(_ action: String, _ resource: String) -> String {
            #"{"Version":"2012-10-17","Statement":[{"Sid":"Seeded","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::"#
                + SeededMoto.hubAccount + #":root"},"Action":""# + action + #"","Resource":""# + resource + #""}]}"#
        }

        public static let trustPolicy = SeededMoto.hubTrustPolicy
        /// Each role's inline policy, and the document of the account's managed policy `seeded-managed`.
        public static let inlinePolicy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}"#
    }

    /// An AWS client acting in `account` (through `x-moto-account-id`), for a moto without
    /// signature checking.
    public func client(account: String, region: String = "us-east-1") -> AWSClient {
        Self.unsignedClient(endpoint: endpoint, account: account, region: region, maxAttempts: 3, http: http, logger: logger)
    }

    /// Seeds `contents` into every account, accounts in parallel.
    public func seed(_ contents: AccountContents, accounts: [String]) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for account in accounts {
                group.addTask { try await seed(contents, account: account) }
            }
            try await group.waitForAll()
        }
    }

    public func seed(_ contents: AccountContents, account: String) async throws {
        let client = client(account: account)
        let iam = IAMClient(client: client)
        let managedARN = "arn:aws:iam::\(account):policy/seeded-managed"
        do {
            _ = try await iam.createPolicy(name: "seeded-managed", document: AccountContents.inlinePolicy)
        } catch let error as AWSError where error.code == "EntityAlreadyExists" {
            // Seeded by earlier contents.
        }
        for role in contents.roles {
            _ = try await iam.createRole(
                name: role.name, assumeRolePolicyDocument: AccountContents.trustPolicy, maxSessionDuration: 7200,
                tags: role.tags.sorted { $0.key < $1.key }.map { AWSTag(key: $0.key, value: $0.value) })
            try await iam.putRolePolicy(roleName: role.name, policyName: "inline", document: AccountContents.inlinePolicy)
            try await iam.attachRolePolicy(roleName: role.name, policyARN: managedARN)
        }
        let s3 = S3Client(client: client)
        for index in 0..<contents.buckets {
            let name = AccountContents.bucketName(account, index)
            try await s3.createBucket(bucket: name)
            try await s3.putBucketPolicy(bucket: name, policy: AccountContents.resourcePolicy("s3:GetObject", "arn:aws:s3:::\(name)/*"))
            try await putBucketTags(account: account, bucket: name, tags: ["team": "storage", "index": String(index)])
        }
        let sqs = SQSClient(client: client)
        for index in 0..<contents.queues {
            _ = try await sqs.createQueue(
                name: AccountContents.queueName(account, index),
                attributes: ["Policy": AccountContents.resourcePolicy("sqs:SendMessage", AccountContents.queueARN(account, index))],
                tags: [AWSTag(key: "team", value: "messaging")])
        }
        let sns = SNSClient(client: client)
        for index in 0..<contents.topics {
            _ = try await sns.createTopic(
                name: "topic-\(index)",
                attributes: ["Policy": AccountContents.resourcePolicy("sns:Publish", AccountContents.topicARN(account, index))],
                tags: [AWSTag(key: "team", value: "alerts")])
        }
    }

    /// Replaces a role's tag.
    public func tagRole(account: String, role: String, key: String, value: String) async throws {
        try await IAMClient(client: client(account: account)).tagRole(name: role, tags: [AWSTag(key: key, value: value)])
    }

    /// `PutBucketTagging`, signed here (PorticoAWS has no S3 tag writes: the cache reads tags, it
    /// never writes them).
    private func putBucketTags(account: String, bucket: String, tags: [String: String]) async throws {
        let set = tags.sorted { $0.key < $1.key }.map { "<Tag><Key>\($0.key)</Key><Value>\($0.value)</Value></Tag>" }.joined()
        let body = Array("<Tagging><TagSet>\(set)</TagSet></Tagging>".utf8)
        guard let url = URL(string: endpoint), let host = url.host, let port = url.port else {
            throw TestServerError.notReady("moto at \(endpoint)", seconds: 0)
        }
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "bootstrap-only"),
            region: "us-east-1", service: "s3", options: .s3)
        let signed = signer.sign(SigV4Request(
            method: "PUT", host: "\(host):\(port)", path: "/\(bucket)", query: [QueryItem("tagging")],
            headers: [HeaderField("Content-Type", "application/xml"), HeaderField("x-moto-account-id", account)], body: body))
        let headers = HTTPClient.Headers(signed.headers.filter { $0.name.lowercased() != "host" }.map { ($0.name, $0.value) })
        let response = try await http.execute(HTTPClient.Request(
            method: "PUT", url: "\(endpoint)/\(bucket)?\(signed.canonicalQuery)", headers: headers, body: body))
        guard (200..<300).contains(response.status) else {
            throw TestServerError.notReady("PutBucketTagging \(bucket): HTTP \(response.status)", seconds: 0)
        }
    }
}
