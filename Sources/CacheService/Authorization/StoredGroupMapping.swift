import Synchronization

/// The group mapping of the dynamic configuration as stored (DynamoDB, edited through
/// `POST /api/v2/dynamic_config`), replaced by the cache's `DynamicConfigWatcher` whenever the
/// stored version changes. One instance is shared by every copy of a process's
/// `AuthorizationTagSettings`, so a change counts for the next lookup without a sweep: grants
/// from the mapping are applied when roles are looked up, never written with the inventory.
public final class StoredGroupMapping: Sendable {
    private let mapping = Mutex<[String: AuthorizationTagSettings.Grant]>([:])

    public init() {}

    /// The stored mapping as last loaded (empty before the first load or when nothing is stored).
    public var current: [String: AuthorizationTagSettings.Grant] { mapping.withLock { $0 } }

    /// Puts `stored` in force in place of the mapping loaded before.
    public func replace(with stored: [String: AuthorizationTagSettings.Grant]) {
        mapping.withLock { $0 = stored }
    }

    /// `file` (the configuration file's `dynamic_config.group_mapping`) with the stored mapping
    /// over it: keyed by normalized principal, a stored entry replaces the file's entry for the
    /// same principal whole.
    func merged(over file: [String: AuthorizationTagSettings.Grant]) -> [String: AuthorizationTagSettings.Grant] {
        let stored = current
        var merged: [String: AuthorizationTagSettings.Grant] = [:]
        for (name, grant) in file { merged[RoleTagAuthorization.normalize(name)] = grant }
        for (name, grant) in stored { merged[RoleTagAuthorization.normalize(name)] = grant }
        return merged
    }
}
