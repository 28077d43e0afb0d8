import PorticoCore
import PorticoRedis

/// One item with what the inventory pages show besides it (`Cache/GetItemDetail`), in one
/// script call: the account's name, when the item was last read from AWS, and for a role who
/// may get credentials for it (its authorization tags and the group mapping).
public struct ItemDetail: Sendable {
    public var item: InventoryItem
    public var accountName: String?
    /// Epoch milliseconds.
    public var sweptAt: Int64
    public var credentialGrants: [CredentialGrant]

    /// Who may get credentials for a role, and from where that comes.
    public struct CredentialGrant: Sendable, Hashable {
        public var principal: String
        public var cliOnly: Bool
        /// `tag:<key>` or `group_mapping`.
        public var source: String
    }

    /// The detail of `arn`; nil when the cache does not hold it or it is a role hidden from a
    /// restricted caller.
    static func read(
        arn: String, restricted: Bool, reader: InventoryReader, visibility: RoleVisibility
    ) async throws -> ItemDetail? {
        guard let parsed = ARN(arn) else { throw CacheError.invalidArgument("'\(arn.prefix(80))' is not an ARN") }
        guard let scope = try await reader.scope(of: parsed, arn: arn) else { return nil }
        let keys = reader.keys
        let reply = try await reader.redis.evaluate(
            CacheScripts.itemDetail, keys: [keys.pointer(scope.account), keys.account(scope.account)],
            arguments: [RedisArgument(keys.prefix), RedisArgument(scope.field), RedisArgument(arn)])
        guard case .array(let parts) = reply, parts.count == 3, let document = parts[0].bytes else { return nil }
        let item = try ItemCoding.decode(document)
        if restricted, !visibility.isVisible(item) { return nil }
        let account = parts[2].bytes.flatMap { $0.isEmpty ? nil : try? ItemCoding.decodeJSON(CachedAccount.self, $0, what: "account") }
        return ItemDetail(
            item: item, accountName: account?.name, sweptAt: parts[1].string.flatMap { Int64($0) } ?? 0,
            credentialGrants: item.type == .role ? grants(of: item, settings: reader.settings.authorization) : [])
    }

    /// The role's grants from its tags and the group mapping, sorted by principal and source.
    static func grants(of role: InventoryItem, settings: AuthorizationTagSettings) -> [CredentialGrant] {
        var grants: Set<CredentialGrant> = []
        for (keys, cliOnly) in [(settings.consoleTags, false), (settings.cliOnlyTags, true)] {
            for key in keys {
                for tag in role.tags where tag.key == key {
                    for principal in RoleTagAuthorization.split(tag.value) {
                        grants.insert(CredentialGrant(principal: principal, cliOnly: cliOnly, source: "tag:\(key)"))
                    }
                }
            }
        }
        for (name, grant) in settings.effectiveGroupMapping {
            let principal = RoleTagAuthorization.normalize(name)
            if grant.roles.contains(role.arn) {
                grants.insert(CredentialGrant(principal: principal, cliOnly: false, source: "group_mapping"))
            } else if grant.cliOnlyRoles.contains(role.arn) {
                grants.insert(CredentialGrant(principal: principal, cliOnly: true, source: "group_mapping"))
            }
        }
        return grants.sorted { ($0.principal, $0.source, $0.cliOnly ? 1 : 0) < ($1.principal, $1.source, $1.cliOnly ? 1 : 0) }
    }
}
