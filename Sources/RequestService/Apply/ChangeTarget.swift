import PorticoCore

/// Where a change lands: the account, and the IAM principal or resource by kind and name.
struct ChangeTarget: Sendable, Hashable {
    enum Kind: Sendable, Hashable { case role, user, policy, bucket, queue, topic }

    let arn: String
    let account: String
    let kind: Kind
    /// The role, user or policy name (without path), bucket, queue or topic name.
    let name: String
    /// A managed policy's path (`/` when none).
    let path: String
    let region: String

    /// - Parameter account: the account of a bucket (S3 ARNs carry none).
    init?(_ text: String, account known: String? = nil) {
        guard let arn = ARN(text) else { return nil }
        self.arn = text
        region = arn.region
        let resource = arn.resource
        switch arn.service {
        case "iam":
            let parts = resource.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count >= 2, let last = parts.last, !last.isEmpty else { return nil }
            switch parts[0] {
            case "role": kind = .role
            case "user": kind = .user
            case "policy": kind = .policy
            default: return nil
            }
            name = String(last)
            path = parts.count > 2 ? "/" + parts[1..<(parts.count - 1)].joined(separator: "/") + "/" : "/"
            account = arn.account
        case "s3":
            kind = .bucket
            name = String(resource.split(separator: "/").first ?? "")
            path = "/"
            guard let known else { return nil }
            account = known
        case "sqs":
            kind = .queue; name = resource; path = "/"; account = arn.account
        case "sns":
            kind = .topic; name = resource; path = "/"; account = arn.account
        default: return nil
        }
        guard account.utf8.count == 12, !name.isEmpty else { return nil }
    }
}
