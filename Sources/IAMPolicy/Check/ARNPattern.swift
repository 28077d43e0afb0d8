/// A resource type's ARN pattern from the catalog (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`)
/// and whether a policy's `Resource` entry, itself possibly holding `*` and `?`, can name a resource
/// of that type: some ARN must fit both. Placeholders stand for any run of characters within
/// their ARN field; an S3 bucket name never holds `/` (so `arn:aws:s3:::b/*` is objects, not a bucket).
struct ARNPattern: Sendable {
    let pattern: String
    private let fields: [[Token]]

    enum Token: Hashable {
        case literal(Unicode.Scalar)
        /// `?` in a policy's resource: one character.
        case one
        /// `*` in a resource, or a placeholder in a pattern; `slashes` says whether it spans `/`.
        case any(slashes: Bool)
    }

    init(_ pattern: String) {
        self.pattern = pattern
        fields = Self.fields(of: pattern).map(Self.patternTokens)
    }

    /// Whether `resource` (a policy's Resource entry) can name a resource of this type.
    func admits(_ resource: String) -> Bool {
        let resourceFields = Self.fields(of: resource)
        if resourceFields.count == fields.count {
            for (mine, theirs) in zip(fields, resourceFields) where !Self.intersect(mine, Self.resourceTokens(theirs)) {
                return false
            }
            return true
        }
        // Fewer fields (`arn:aws:s3:*`): a `*` may span colons, so compare the whole text.
        let whole = Self.patternTokens(pattern), theirs = Self.resourceTokens(resource)
        return resource.contains("*") && Self.intersect(whole, theirs)
    }

    /// An ARN's six fields (`arn`, partition, service, region, account, resource), the last keeping its colons.
    static func fields(of arn: String) -> [Substring] {
        arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
    }

    static func patternTokens(_ text: some StringProtocol) -> [Token] {
        var tokens: [Token] = []
        var scalars = Substring(text).unicodeScalars[...]
        while let scalar = scalars.first {
            if scalar == "$", scalars.dropFirst().first == "{", let close = scalars.firstIndex(of: "}") {
                let name = String(scalars[scalars.index(scalars.startIndex, offsetBy: 2)..<close])
                tokens.append(.any(slashes: name != "BucketName"))
                scalars = scalars[scalars.index(after: close)...]
            } else {
                tokens.append(.literal(scalar))
                scalars = scalars.dropFirst()
            }
        }
        return tokens
    }

    static func resourceTokens(_ text: some StringProtocol) -> [Token] {
        text.unicodeScalars.map { scalar in
            switch scalar {
            case "*": .any(slashes: true)
            case "?": .one
            default: .literal(scalar)
            }
        }
    }

    /// Whether some text fits both token lists (the intersection of two glob languages is non-empty).
    static func intersect(_ a: [Token], _ b: [Token]) -> Bool {
        // reachable[i][j]: a[..<i] and b[..<j] can produce the same text.
        var reachable = Array(repeating: Array(repeating: false, count: b.count + 1), count: a.count + 1)
        reachable[0][0] = true
        for i in 0...a.count {
            for j in 0...b.count where reachable[i][j] {
                if i < a.count, case .any = a[i] { reachable[i + 1][j] = true }  // a's star empty
                if j < b.count, case .any = b[j] { reachable[i][j + 1] = true }  // b's star empty
                guard i < a.count, j < b.count else { continue }
                switch (a[i], b[j]) {
                case (.any(let slashes), .literal(let c)):
                    if slashes || c != "/" { reachable[i][j + 1] = true }  // a's star takes b's character
                case (.any, .one):
                    reachable[i][j + 1] = true
                case (.literal(let c), .any(let slashes)):
                    if slashes || c != "/" { reachable[i + 1][j] = true }
                case (.one, .any):
                    reachable[i + 1][j] = true
                case (.literal(let x), .literal(let y)):
                    if x == y { reachable[i + 1][j + 1] = true }
                case (.literal, .one), (.one, .literal), (.one, .one):
                    reachable[i + 1][j + 1] = true
                case (.any, .any):
                    continue  // covered by either star being empty
                }
            }
        }
        return reachable[a.count][b.count]
    }
}
