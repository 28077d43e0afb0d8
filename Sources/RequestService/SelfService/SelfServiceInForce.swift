import IAMPolicy
import PorticoConfig
import PorticoService

/// The self-service settings the request service acts on: the file's permission templates and
/// auto-approval rules with the dynamic configuration's (kept current by `watcher`) laid over
/// them — templates replaced by key and shown first, rules replaced by name.
struct SelfServiceInForce: Sendable {
    let fixedTemplates: [PermissionTemplate]
    let fixedRules: [AutoApproveRuleSetting]
    /// Keeps the dynamic configuration loaded; runs as one of the service's services.
    let watcher: DynamicConfigWatcher?

    var dynamic: DynamicConfigDocument { watcher?.document.0 ?? DynamicConfigDocument() }

    /// ConsoleMe's order: the dynamic configuration's templates, then the file's.
    func templates() -> [PermissionTemplate] {
        PermissionTemplate.merged(dynamic: dynamic.permissionTemplates, fixed: fixedTemplates)
    }

    /// The rules in force, as the evaluator takes them.
    func rules() -> [AutoApprovalRule] {
        AutoApproveRuleSetting.merged(dynamic: dynamic.autoApprove, fixed: fixedRules).map(Self.rule)
    }

    static func rule(_ setting: AutoApproveRuleSetting) -> AutoApprovalRule {
        AutoApprovalRule(
            name: setting.name, services: Set(setting.services),
            accessLevels: Set(setting.accessLevels.compactMap(IAMAccessLevel.init(rawValue:))),
            resources: setting.resources, resourceTags: setting.resourceTags, groups: Set(setting.groups),
            maxDurationSeconds: setting.maxDurationSeconds)
    }
}

/// Rules from the settings in force, resource tags from the cache (an item the cache does not
/// know has no known tags, so no tag rule approves it).
struct RequestAutoApprovalSource: AutoApprovalSource {
    let settings: SelfServiceInForce
    let inventory: InventoryLookup

    func rules() async -> [AutoApprovalRule] { settings.rules() }

    func tags(of resourceARN: String) async -> [String: String]? {
        guard let item = try? await inventory.item(resourceARN) else { return nil }
        return item.tags
    }
}
