/// What the AuthService answers for a signed-in person: their resolved groups and the rights
/// those give.
public struct UserAuthorization: Sendable, Hashable {
    public var groups: ResolvedGroups
    public var rights: Rights

    public init(groups: ResolvedGroups, rights: Rights) {
        self.groups = groups
        self.rights = rights
    }

    public var user: String { groups.user }
}
