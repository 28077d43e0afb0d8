/// One person's groups from every source, merged, normalised and de-duplicated, in a stable
/// order: token claims, Google Directory, static config, then the groups for all users.
public struct ResolvedGroups: Sendable, Hashable {
    /// Where the Google Directory part of the answer came from.
    public enum DirectorySource: String, Sendable, Hashable {
        /// Google Directory is not configured (or was disabled at start).
        case notConfigured = "not_configured"
        /// Served from the Redis cache; Google was not asked.
        case cached
        /// Asked of Google (a miss, an expired entry, a refresh, or Redis unavailable).
        case fetched
    }

    /// The user, as asked about.
    public var user: String
    public var groups: [String]
    public var directorySource: DirectorySource

    public init(user: String, groups: [String], directorySource: DirectorySource) {
        self.user = user
        self.groups = groups
        self.directorySource = directorySource
    }
}
