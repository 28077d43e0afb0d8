import Foundation
import Logging
import PorticoAWS
import PorticoHTTP

/// Fills moto (signature checking off) with the benchmark estate through PorticoAWS: each call
/// acts in the account named by its `x-moto-account-id` header.
struct EstateSeeder {
    let endpoint: String
    let http: HTTPClient
    let logger: Logger
    var roles: Int
    var resources: Int

    static let trust =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}"#

    static func policy(_ action: String, _ resource: String) -> String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":""#
            + action + #"","Resource":""# + resource + #""}]}"#
    }

    func client(_ account: String) -> AWSClient {
        AWSClient(
            configuration: AWSConfiguration(
                endpointURL: endpoint, maxAttempts: 5, additionalHeaders: [HeaderField("x-moto-account-id", account)]),
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIASEEDEXAMPLE00001", secretAccessKey: "seed")),
            http: http, logger: logger)
    }

    /// Seeds every account, `parallelism` calls at a time per account, accounts in parallel.
    func seed(_ accounts: [String]) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for account in accounts { group.addTask { try await seed(account) } }
            try await group.waitForAll()
        }
    }

    /// Seeds each account in its own moto (`endpoints[i % count]` for the i-th account), every
    /// moto at once, `width` accounts at a time per moto.
    static func seed(
        _ accounts: [String], across endpoints: [String], http: HTTPClient, logger: Logger, roles: Int, resources: Int, width: Int = 4
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, endpoint) in endpoints.enumerated() {
                let mine = accounts.enumerated().filter { $0.offset % endpoints.count == index }.map(\.element)
                let seeder = EstateSeeder(endpoint: endpoint, http: http, logger: logger, roles: roles, resources: resources)
                group.addTask {
                    for start in stride(from: 0, to: mine.count, by: width) {
                        try await seeder.seed(Array(mine[start..<min(start + width, mine.count)]))
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    func seed(_ account: String) async throws {
        let client = client(account)
        let iam = IAMClient(client: client)
        let s3 = S3Client(client: client)
        let sqs = SQSClient(client: client)
        let sns = SNSClient(client: client)
        try await inBatches(0..<roles) { index in
            let name = "role-\(index)"
            var tags = [AWSTag(key: "env", value: index.isMultiple(of: 2) ? "prod" : "dev")]
            if index.isMultiple(of: 3) { tags.append(AWSTag(key: "consoleme-authorized", value: "team-\(index % 10):user\(index)@example.com")) }
            _ = try await iam.createRole(name: name, assumeRolePolicyDocument: Self.trust, tags: tags)
            try await iam.putRolePolicy(roleName: name, policyName: "inline", document: Self.policy("s3:GetObject", "*"))
        }
        try await inBatches(0..<resources) { index in
            let bucket = "bench-\(account)-\(index)"
            try await s3.createBucket(bucket: bucket)
            try await s3.putBucketPolicy(bucket: bucket, policy: Self.policy("s3:GetObject", "arn:aws:s3:::\(bucket)/*"))
            _ = try await sqs.createQueue(
                name: "queue-\(index)", attributes: ["Policy": Self.policy("sqs:SendMessage", "*")],
                tags: [AWSTag(key: "team", value: "t\(index % 4)")])
            _ = try await sns.createTopic(
                name: "topic-\(index)", attributes: ["Policy": Self.policy("sns:Publish", "*")],
                tags: [AWSTag(key: "team", value: "t\(index % 4)")])
        }
    }

    private func inBatches(_ range: Range<Int>, width: Int = 4, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        for start in stride(from: range.lowerBound, to: range.upperBound, by: width) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in start..<min(start + width, range.upperBound) { group.addTask { try await body(index) } }
                try await group.waitForAll()
            }
        }
    }
}
