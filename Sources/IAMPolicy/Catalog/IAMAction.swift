/// One IAM action of the catalog (`s3:GetObject`): its access level and the resource types it acts on.
public struct IAMAction: Sendable, Hashable {
    /// The service prefix as AWS writes it (`s3`).
    public let service: String
    /// The action name as AWS writes it (`GetObject`).
    public let name: String
    public let accessLevel: IAMAccessLevel
    /// Resource types the action accepts in `Resource` (empty: only `*`).
    public let resourceTypes: [ResourceTypeUse]

    /// `service:Name`.
    public var fullName: String { "\(service):\(name)" }

    /// A resource type an action names, and whether the action requires it.
    public struct ResourceTypeUse: Sendable, Hashable {
        public let name: String
        public let required: Bool
    }
}

/// One AWS service of the catalog: its actions, resource types (with ARN patterns) and condition keys.
public struct IAMService: Sendable {
    public let prefix: String
    public let name: String
    /// By lowercased action name. An action named twice in the source (AWS lists some under
    /// several resource sets) is one action whose resource types are the union.
    public let actions: [String: IAMAction]
    /// ARN patterns by resource type name, `${Placeholder}` fields as AWS writes them.
    public let resourceTypes: [String: String]
    /// Condition keys of the service as AWS writes them (`s3:prefix`, `aws:ResourceTag/${TagKey}`).
    public let conditionKeys: [String]

    /// Actions sorted by name.
    public var sortedActions: [IAMAction] { actions.values.sorted { $0.name < $1.name } }
}
