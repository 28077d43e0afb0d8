public import PorticoCore

/// The self-service wizard's choices per generator type (ConsoleMe's `self_service_iam.permissions_map`):
/// what the person is asked for (`inputs`) and the named action groups they pick from.
public struct PermissionsMap: Sendable, Hashable {
    /// By generator type (`s3`, `sqs`, `crud_lookup`…), as the wizard sends it in `generator_type`.
    public var services: [String: PermissionService]

    public init(services: [String: PermissionService]) {
        self.services = services
    }

    /// One generator type's entry: its text, inputs, action groups and optional condition template.
    public struct PermissionService: Sendable, Hashable {
        public var text: String
        public var description: String
        /// The wizard's inputs as the browser reads them (`name`, `type`, `text`, `required`, `default`, `typeahead_endpoint`).
        public var inputs: [JSONValue]
        public var actionGroups: [ActionGroup]
        /// A condition with `${input}` placeholders (`ses`'s `${from_address}`).
        public var condition: JSONValue?

        public init(text: String, description: String, inputs: [JSONValue], actionGroups: [ActionGroup], condition: JSONValue? = nil) {
            self.text = text
            self.description = description
            self.inputs = inputs
            self.actionGroups = actionGroups
            self.condition = condition
        }

        public func group(_ name: String) -> ActionGroup? {
            actionGroups.first { $0.name == name }
        }
    }

    /// A named set of IAM actions the wizard offers (`get` → s3:GetObject, …).
    public struct ActionGroup: Sendable, Hashable {
        public var name: String
        public var text: String
        public var permissions: [String]

        public init(name: String, text: String, permissions: [String]) {
            self.name = name
            self.text = text
            self.permissions = permissions
        }
    }

    /// The map as `self_service_config` sends it (`{"<type>": {text, description, inputs, action_map, condition?}}`).
    public var json: JSONValue {
        .object(services.mapValues { service in
            var fields: [String: JSONValue] = [
                "text": .string(service.text), "description": .string(service.description), "inputs": .array(service.inputs),
                "action_map": .array(service.actionGroups.map { group in
                    ["name": .string(group.name), "text": .string(group.text),
                     "permissions": .array(group.permissions.map(JSONValue.string))]
                }),
            ]
            if let condition = service.condition { fields["condition"] = condition }
            return .object(fields)
        })
    }

    /// Reads a map in the same shape (from configuration).
    /// - Throws: `PolicyStructureError` naming the path at fault (`s3.action_map[0].permissions`).
    public init(json: JSONValue) throws(PolicyStructureError) {
        guard let entries = json.objectValue else {
            throw PolicyStructureError(problems: [.init(path: "", reason: "must be a map of generator types")])
        }
        var services: [String: PermissionService] = [:]
        var problems: [PolicyStructureProblem] = []
        for (type, entry) in entries.sorted(by: { $0.key < $1.key }) {
            let groups = entry["action_map"]?.arrayValue ?? []
            var actionGroups: [ActionGroup] = []
            for (index, group) in groups.enumerated() {
                guard let name = group["name"]?.stringValue,
                    let permissions = group["permissions"]?.arrayValue?.compactMap(\.stringValue)
                else {
                    problems.append(.init(path: "\(type).action_map[\(index)]", reason: "needs name and permissions"))
                    continue
                }
                actionGroups.append(ActionGroup(name: name, text: group["text"]?.stringValue ?? name, permissions: permissions))
            }
            services[type] = PermissionService(
                text: entry["text"]?.stringValue ?? type, description: entry["description"]?.stringValue ?? "",
                inputs: entry["inputs"]?.arrayValue ?? [], actionGroups: actionGroups, condition: entry["condition"])
        }
        guard problems.isEmpty else { throw PolicyStructureError(problems: problems) }
        self.services = services
    }

    /// This map with `overrides`' entries in place of its own (by generator type).
    public func overridden(by overrides: PermissionsMap) -> PermissionsMap {
        PermissionsMap(services: services.merging(overrides.services) { _, override in override })
    }
}
