/// An IAM role ARN taken apart: `arn:{partition}:iam::{account}:role/{path}{name}`.
public struct RoleARN: Sendable, Hashable, CustomStringConvertible {
    public var partition: String
    public var accountID: String
    /// The path with slashes, `/` when none (`/service-role/` for `role/service-role/x`).
    public var path: String
    public var name: String

    /// Parses a role ARN; nil when `text` is not one.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "iam", parts[3].isEmpty,
              parts[4].count == 12, parts[4].allSatisfy(\.isNumber),
              parts[5].hasPrefix("role/") else { return nil }
        let resource = parts[5].dropFirst("role/".count)
        guard let slash = resource.lastIndex(of: "/") else {
            guard !resource.isEmpty else { return nil }
            (path, name) = ("/", String(resource))
            partition = String(parts[1])
            accountID = String(parts[4])
            return
        }
        name = String(resource[resource.index(after: slash)...])
        guard !name.isEmpty else { return nil }
        path = "/" + resource[..<slash] + "/"
        partition = String(parts[1])
        accountID = String(parts[4])
    }

    public var description: String {
        "arn:\(partition):iam::\(accountID):role\(path)\(name)"
    }
}
