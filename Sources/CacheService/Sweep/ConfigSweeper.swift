import PorticoAWS

/// Reads the resources AWS Config has recorded in one account and region, for the configured
/// resource types. Items are named by a synthetic ARN under the `config` service
/// (`arn:aws:config:<region>:<account>:resource/<type>/<id>`) so each is found by one read.
struct ConfigSweeper: Sweeper {
    func sweep(_ context: SweepContext) async throws -> [InventoryItem] {
        let config = ConfigServiceClient(client: context.client)
        let scope = context.scope
        let region = scope.region ?? context.client.configuration.region
        let partition = context.client.configuration.partition.rawValue
        var items: [InventoryItem] = []
        for resourceType in context.settings.configResourceTypes {
            let resources = try await context.calls.call { try await config.listDiscoveredResources(resourceType: resourceType) }
            items += resources.map { resource in
                var attributes = ["resourceType": resource.resourceType, "resourceId": resource.resourceID]
                attributes.set("resourceName", resource.resourceName)
                return InventoryItem(
                    arn: "arn:\(partition):config:\(region):\(scope.account):resource/\(resource.resourceType)/\(resource.resourceID)",
                    type: .config(resourceType), name: resource.resourceName ?? resource.resourceID, accountID: scope.account,
                    region: region, attributes: attributes)
            }
        }
        return items
    }
}
