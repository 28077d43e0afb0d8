/// The parts of an ARN (`arn:partition:service:region:account:resource`) that say where a
/// cached item lives: which account, which sweep, which region.
struct ResourceARN: Sendable, Hashable {
    var partition: String
    var service: String
    var region: String
    var account: String
    var resource: String

    /// The longest ARN accepted (IAM's documented maximum).
    static let maxLength = 2048

    init?(_ text: String) {
        guard text.utf8.count <= Self.maxLength, !text.utf8.contains(0) else { return nil }
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, !parts[2].isEmpty, !parts[5].isEmpty else {
            return nil
        }
        partition = String(parts[1])
        service = String(parts[2])
        region = String(parts[3])
        account = String(parts[4])
        resource = String(parts[5])
    }

    /// The sweep whose generations hold this ARN's item, or nil when no sweep reads such ARNs.
    /// Config resources are found through their own service's ARN and are not resolved here.
    var kind: SweepKind? {
        switch service {
        case "iam": .iam
        case "s3": .s3
        case "sqs": .sqs
        case "sns": .sns
        default: nil
        }
    }
}
