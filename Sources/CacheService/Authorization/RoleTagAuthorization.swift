import Foundation

/// Reads who may use a role from its tags: each configured tag's value names users and groups
/// separated by `:`. Principals are compared case-insensitively (stored lowercased).
public struct RoleTagAuthorization: Sendable {
    public let settings: AuthorizationTagSettings

    public init(settings: AuthorizationTagSettings) { self.settings = settings }

    /// Every principal the role's tags name, with its access (console wins over CLI-only).
    public func principals(of role: InventoryItem) -> [String: RoleAccess] {
        var access: [String: RoleAccess] = [:]
        func grant(_ tagKeys: [String], _ level: RoleAccess) {
            for key in tagKeys {
                for tag in role.tags where tag.key == key {
                    for principal in Self.split(tag.value) {
                        access[principal] = access[principal].map { $0.merged(with: level) } ?? level
                    }
                }
            }
        }
        grant(settings.consoleTags, .console)
        grant(settings.cliOnlyTags, .cliOnly)
        return access
    }

    /// The dynamic configuration's grants for `principals` (already normalized).
    public func configuredGrants(for principals: [String]) -> [String: RoleAccess] {
        var access: [String: RoleAccess] = [:]
        for (name, grant) in settings.effectiveGroupMapping {
            guard principals.contains(Self.normalize(name)) else { continue }
            for arn in grant.roles { access[arn] = .console }
            for arn in grant.cliOnlyRoles where access[arn] == nil { access[arn] = .cliOnly }
        }
        return access
    }

    /// A tag value's principals: split on `:`, trimmed, lowercased, empty ones dropped.
    static func split(_ value: String) -> [String] {
        value.split(separator: ":").map { normalize(String($0)) }.filter { !$0.isEmpty }
    }

    /// The form principals are stored and looked up in.
    public static func normalize(_ principal: String) -> String {
        principal.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
