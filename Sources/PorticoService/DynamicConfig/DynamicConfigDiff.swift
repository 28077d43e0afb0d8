import Yams

/// Which key paths an edit of the dynamic configuration added, removed or changed, without
/// their values (the audit trail records the paths only: a value may be a secret, such as a
/// header or a webhook). A path ends at a scalar or a list: `groups.can_admin`,
/// `group_mapping.ops@example.com.roles`, `dynamo_load_interval`.
public struct DynamicConfigDiff: Sendable, Equatable {
    public var added: [String]
    public var removed: [String]
    public var changed: [String]

    public init(added: [String] = [], removed: [String] = [], changed: [String] = []) {
        self.added = added
        self.removed = removed
        self.changed = changed
    }

    /// The paths of `before` and `after` compared; text that does not parse counts as empty.
    public init(before: String, after: String) {
        let old = Self.leaves(before)
        let new = Self.leaves(after)
        added = new.keys.filter { old[$0] == nil }.sorted()
        removed = old.keys.filter { new[$0] == nil }.sorted()
        changed = new.keys.filter { old[$0] != nil && old[$0] != new[$0] }.sorted()
    }

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }

    /// Leaf path → the leaf's canonical form (only ever compared, never shown).
    static func leaves(_ text: String) -> [String: Node] {
        guard let node = (try? Yams.compose(yaml: text)) ?? nil else { return [:] }
        var result: [String: Node] = [:]
        collect(node, path: "", into: &result)
        return result
    }

    private static func collect(_ node: Node, path: String, into result: inout [String: Node]) {
        guard let mapping = node.mapping, !mapping.isEmpty else {
            result[path] = node
            return
        }
        for (key, value) in mapping {
            let name = key.string ?? "\(key)"
            collect(value, path: path.isEmpty ? name : "\(path).\(name)", into: &result)
        }
    }
}
