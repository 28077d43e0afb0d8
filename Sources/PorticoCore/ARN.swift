/// An Amazon Resource Name taken apart: `arn:partition:service:region:account:resource`, for
/// every ARN Portico reads (roles, cached resources, assumed-role sessions).
public struct ARN: Sendable, Hashable, CustomStringConvertible {
    public var partition: String
    public var service: String
    /// Empty for global services (IAM, S3 buckets).
    public var region: String
    /// Empty where the resource has no account (S3 buckets).
    public var account: String
    /// Everything after the fifth colon, colons included (`role/path/name`, `queue:name`).
    public var resource: String

    /// The longest ARN accepted (IAM's documented maximum).
    public static let maxLength = 2048

    public init(partition: String, service: String, region: String, account: String, resource: String) {
        self.partition = partition
        self.service = service
        self.region = region
        self.account = account
        self.resource = resource
    }

    /// Parses an ARN; nil when `text` is not one (too long, a NUL byte, fewer than six fields,
    /// or an empty partition, service or resource).
    public init?(_ text: String) {
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

    public var description: String { "arn:\(partition):\(service):\(region):\(account):\(resource)" }
}
