import Proto

/// Conversions between the AuthService's Swift values and the `portico.v1.Auth` messages.
extension GroupRequest {
    init(_ message: AuthorizeRequest) {
        self.init(user: message.user, claimedGroups: message.claimedGroups, refresh: message.refresh)
    }
}

extension AuthorizeResponse {
    init(_ authorization: UserAuthorization) {
        self.init(
            principal: Principal(user: authorization.user, groups: authorization.groups.groups),
            rights: UserRights(authorization.rights),
            directorySource: GroupDirectorySource(authorization.groups.directorySource))
    }
}

extension UserRights {
    init(_ rights: Rights) {
        self.init(
            canAdmin: rights.canAdmin, canAdminPolicies: rights.canAdminPolicies,
            canEditConfig: rights.canEditConfig, canCreateRoles: rights.canCreateRoles,
            canDeleteIamPrincipals: rights.canDeleteIAMPrincipals)
    }
}

extension GroupDirectorySource {
    init(_ source: ResolvedGroups.DirectorySource) {
        switch source {
        case .notConfigured: self = .notConfigured
        case .cached: self = .cached
        case .fetched: self = .fetched
        }
    }
}
