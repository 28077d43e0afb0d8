public import PorticoConfig

/// The configured part of group resolution (`groups:`): the static groups per user or group,
/// the groups everyone gets, and whether names are lowercased. Merges the sources into one
/// de-duplicated list in a stable order.
public struct GroupMergeRules: Sendable {
    let naming: GroupNaming
    /// Canonical user-or-group → the canonical groups it adds, in configured order.
    let staticGroups: [String: [String]]
    let groupsForAllUsers: [String]

    /// Rules from the `groups:` section. Static keys that become equal once lowercased have
    /// their groups joined (keys in sorted order), so the result never depends on hash order.
    public init(configuration: PorticoConfiguration.Groups) {
        let naming = GroupNaming(lowercase: configuration.forceGroupsLowercase)
        var mapping: [String: [String]] = [:]
        for key in configuration.staticGroups.keys.sorted() {
            guard let member = naming.canonical(key) else { continue }
            mapping[member, default: []] += (configuration.staticGroups[key] ?? []).compactMap(naming.canonical)
        }
        self.naming = naming
        self.staticGroups = mapping
        self.groupsForAllUsers = configuration.groupsToAddForAllUsers.compactMap(naming.canonical)
    }

    /// Whether names are lowercased.
    public var lowercasesNames: Bool { naming.lowercase }

    /// The user's groups: `claimed` then `directory` (each canonicalised), then the static
    /// groups of the user and of each of those groups in that order, then the groups for all
    /// users. Each group appears once, where it first occurs. Static groups do not expand
    /// further (a static group that is itself a key adds nothing), so the mapping cannot loop.
    public func merge(user: String, claimed: [String], directory: [String]) -> [String] {
        var merged = OrderedNames()
        for group in claimed { merged.append(naming.canonical(group)) }
        for group in directory { merged.append(naming.canonical(group)) }
        let members = [naming.canonical(user)].compactMap { $0 } + merged.names
        for member in members {
            for group in staticGroups[member] ?? [] { merged.append(group) }
        }
        for group in groupsForAllUsers { merged.append(group) }
        return merged.names
    }
}

/// Names in first-seen order without duplicates.
private struct OrderedNames {
    private(set) var names: [String] = []
    private var seen: Set<String> = []

    mutating func append(_ name: String?) {
        guard let name, seen.insert(name).inserted else { return }
        names.append(name)
    }
}
