/// An IAM role ARN taken apart: `arn:{partition}:iam::{account}:role/{path}{name}`.
public struct RoleARN: Sendable, Hashable, CustomStringConvertible {
    public var partition: String
    public var accountID: String
    /// The path with slashes, `/` when none (`/service-role/` for `role/service-role/x`).
    public var path: String
    public var name: String

    /// Parses a role ARN; nil when `text` is not one.
    public init?(_ text: String) {
        guard let arn = ARN(text) else { return nil }
        self.init(arn)
    }

    /// The role `arn` names; nil when it is not an IAM role's (a twelve-digit account, no region).
    public init?(_ arn: ARN) {
        guard arn.service == "iam", arn.region.isEmpty,
              arn.account.utf8.count == 12, arn.account.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              arn.resource.hasPrefix("role/") else { return nil }
        let resource = arn.resource.dropFirst("role/".count)
        if let slash = resource.lastIndex(of: "/") {
            name = String(resource[resource.index(after: slash)...])
            path = "/" + resource[..<slash] + "/"
        } else {
            name = String(resource)
            path = "/"
        }
        guard !name.isEmpty else { return nil }
        partition = arn.partition
        accountID = arn.account
    }

    public var description: String {
        "arn:\(partition):iam::\(accountID):role\(path)\(name)"
    }
}
