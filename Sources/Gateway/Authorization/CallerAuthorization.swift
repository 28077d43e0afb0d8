import Proto

/// Who a signed-in person is in Portico's terms, as AuthService answered: every group they
/// belong to (token claims, Google Directory, static config, groups for everyone) and the
/// rights those give. What the gateway passes on to the credential service and the cache.
struct CallerAuthorization: Sendable, Hashable {
    /// The user and their merged groups, ready to go into requests to the other services.
    let principal: Proto.Principal
    let rights: UserRights

    var user: String { principal.user }
    var groups: [String] { principal.groups }
}
