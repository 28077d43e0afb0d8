/// A request to resolve one person's groups: who they are (their email), the groups their
/// sign-in token claims, and whether to bypass the cached Google Directory answer.
public struct GroupRequest: Sendable, Hashable {
    /// The signed-in user: the email address the token names.
    public var user: String
    /// Groups from the token's claims (the ALB's `groups` claim), as the caller received them.
    public var claimedGroups: [String]
    /// Asks Google Directory again even when a cached answer exists, and re-caches it.
    public var refresh: Bool

    public init(user: String, claimedGroups: [String] = [], refresh: Bool = false) {
        self.user = user
        self.claimedGroups = claimedGroups
        self.refresh = refresh
    }

    /// Checks the request against `limits`; the error names what is wrong.
    func validate(limits: AuthServiceLimits) throws(GroupResolutionError) {
        if let problem = Self.problem(with: user, maxBytes: limits.maxUserBytes) {
            throw .invalidUser(reason: problem)
        }
        guard claimedGroups.count <= limits.maxClaimedGroups else {
            throw .tooManyClaimedGroups(count: claimedGroups.count, limit: limits.maxClaimedGroups)
        }
        for (index, group) in claimedGroups.enumerated() {
            if let problem = Self.problem(with: group, maxBytes: limits.maxGroupNameBytes) {
                throw .invalidClaimedGroup(index: index, reason: problem)
            }
        }
    }

    /// Why `name` cannot be a user or group name, or nil when it can: empty, too long, or
    /// containing whitespace or control characters.
    static func problem(with name: String, maxBytes: Int) -> String? {
        if name.isEmpty { return "it is empty" }
        if name.utf8.count > maxBytes { return "it is longer than \(maxBytes) bytes" }
        if name.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) {
            return "it contains whitespace or control characters"
        }
        return nil
    }
}
