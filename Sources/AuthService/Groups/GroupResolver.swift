import Logging

/// Resolves a person's groups from every source: the groups their token claims (passed in by
/// the caller), Google Directory (cached in Redis), the static `groups.static_groups` mapping
/// and `groups.groups_to_add_for_all_users` — merged by `GroupMergeRules` (optional
/// lowercasing, no duplicates, stable order).
public struct GroupResolver: Sendable {
    public let rules: GroupMergeRules
    let directory: DirectoryGroups?
    let limits: AuthServiceLimits
    let logger: Logger

    init(rules: GroupMergeRules, directory: DirectoryGroups?, limits: AuthServiceLimits, logger: Logger) {
        self.rules = rules
        self.directory = directory
        self.limits = limits
        self.logger = logger
    }

    /// Whether Google Directory is asked.
    public var usesGoogleDirectory: Bool { directory != nil }

    /// The groups of `request.user`.
    /// - Throws: `GroupResolutionError` for an invalid request, or when Google Directory is
    ///   configured and the lookup fails (Redis trouble never fails it).
    public func resolve(_ request: GroupRequest) async throws(GroupResolutionError) -> ResolvedGroups {
        try request.validate(limits: limits)
        var directoryGroups: [String] = []
        var source = ResolvedGroups.DirectorySource.notConfigured
        if let directory {
            do {
                (directoryGroups, source) = try await directory.groups(of: request.user, refresh: request.refresh)
            } catch {
                throw .directory(error)
            }
        }
        let groups = rules.merge(user: request.user, claimed: request.claimedGroups, directory: directoryGroups)
        logger.debug("groups resolved", metadata: [
            "auth.user": "\(request.user)", "auth.group_count": "\(groups.count)", "auth.directory": "\(source.rawValue)",
        ])
        return ResolvedGroups(user: request.user, groups: groups, directorySource: source)
    }
}
