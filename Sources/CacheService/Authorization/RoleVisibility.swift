public import PorticoConfig

/// Which roles a restricted caller (one without `can_admin`) may see in the inventory, from
/// `roles.allowed_tags` and `roles.allowed_arns`: with neither set, every role; otherwise the
/// roles carrying every allowed tag, and the allowed ARNs. Other item types are always visible.
public struct RoleVisibility: Sendable, Hashable {
    public var allowedTags: [String: String]
    public var allowedARNs: Set<String>

    public init(allowedTags: [String: String] = [:], allowedARNs: [String] = []) {
        self.allowedTags = allowedTags
        self.allowedARNs = Set(allowedARNs)
    }

    public init(_ roles: PorticoConfiguration.Roles) {
        self.init(allowedTags: roles.allowedTags, allowedARNs: roles.allowedARNs)
    }

    /// Whether any role is hidden at all.
    public var restricts: Bool { !allowedTags.isEmpty || !allowedARNs.isEmpty }

    /// Whether a restricted caller may see `item`.
    public func isVisible(_ item: InventoryItem) -> Bool {
        guard item.type == .role, restricts else { return true }
        if allowedARNs.contains(item.arn) { return true }
        guard !allowedTags.isEmpty else { return false }
        return allowedTags.allSatisfy { item.tag($0.key) == $0.value }
    }
}
