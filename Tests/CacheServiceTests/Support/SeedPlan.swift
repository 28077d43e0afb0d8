/// What the tests put into each moto account, and the ARNs it makes.
struct SeedPlan: Sendable {
    struct Role: Sendable {
        var name: String
        var tags: [String: String]
    }

    var roles: [Role]
    var buckets: Int
    var queues: Int
    var topics: Int

    /// Three roles carrying the authorization tags, two buckets, queues and topics.
    static let standard = SeedPlan(
        roles: [
            Role(name: "admin", tags: ["consoleme-authorized": "team-admins:Alice@example.com", "env": "prod"]),
            Role(name: "readonly", tags: [
                "consoleme-authorized-cli-only": "team-readers", "consoleme-authorized": "bob@example.com", "env": "dev",
            ]),
            Role(name: "service", tags: ["env": "prod"]),
        ],
        buckets: 2, queues: 2, topics: 2)

    static func roleARN(_ account: String, _ name: String) -> String { "arn:aws:iam::\(account):role/\(name)" }
    static func bucketName(_ account: String, _ index: Int) -> String { "bucket-\(account)-\(index)" }
    static func bucketARN(_ account: String, _ index: Int) -> String { "arn:aws:s3:::\(bucketName(account, index))" }
    static func queueName(_ account: String, _ index: Int) -> String { "queue-\(index)" }
    static func queueARN(_ account: String, _ index: Int) -> String { "arn:aws:sqs:us-east-1:\(account):queue-\(index)" }
    static func topicARN(_ account: String, _ index: Int) -> String { "arn:aws:sns:us-east-1:\(account):topic-\(index)" }

    static func resourcePolicy(_ action: String, _ resource: String) -> String {
        #"{"Version":"2012-10-17","Statement":[{"Sid":"Seeded","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":""#
            + action + #"","Resource":""# + resource + #""}]}"#
    }

    static let trustPolicy =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}"#
    static let inlinePolicy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}"#
}
