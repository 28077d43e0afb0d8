/// What one sweep job reads in an account: IAM (roles, users, groups, managed policies), S3
/// buckets, SQS queues, SNS topics, or AWS Config resources.
public enum SweepKind: String, Sendable, Hashable, CaseIterable, Codable {
    case iam, s3, sqs, sns, config

    /// Whether the kind is read once per configured region (queues, topics, Config) rather than
    /// once per account (IAM and S3 are global).
    public var isRegional: Bool {
        switch self {
        case .iam, .s3: false
        case .sqs, .sns, .config: true
        }
    }
}
