/// The unit of sweeping and of atomic replacement: one kind in one account, and one region for
/// regional kinds. Each scope has its own generation pointer, schedule and status.
public struct SweepScope: Sendable, Hashable, Codable, CustomStringConvertible {
    public var account: String
    public var kind: SweepKind
    /// The region of a regional kind; nil for IAM and S3.
    public var region: String?

    public init(account: String, kind: SweepKind, region: String? = nil) {
        self.account = account
        self.kind = kind
        self.region = kind.isRegional ? region : nil
    }

    /// The scope's name inside its account's hashes: `iam`, `s3`, `sqs:us-east-1`.
    public var field: String {
        if let region { "\(kind.rawValue):\(region)" } else { kind.rawValue }
    }

    /// Reads a `field` back (with the account it belongs to); nil when it names no scope.
    public init?(account: String, field: String) {
        let parts = field.split(separator: ":", maxSplits: 1)
        guard let first = parts.first, let kind = SweepKind(rawValue: String(first)) else { return nil }
        if kind.isRegional {
            guard parts.count == 2, AWSRegionName.isValid(String(parts[1])) else { return nil }
            self.init(account: account, kind: kind, region: String(parts[1]))
        } else {
            guard parts.count == 1 else { return nil }
            self.init(account: account, kind: kind)
        }
    }

    public var description: String { "\(account)/\(field)" }
}

/// Checks on the identifiers that end up inside Redis keys and AWS calls.
enum AWSRegionName {
    /// `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`: lowercase letters, digits, dashes.
    static func isValid(_ name: String) -> Bool {
        (4...32).contains(name.utf8.count)
            && name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }
    }
}

enum AccountID {
    /// A 12-digit AWS account id.
    static func isValid(_ id: String) -> Bool {
        id.utf8.count == 12 && id.utf8.allSatisfy { (0x30...0x39).contains($0) }
    }
}
