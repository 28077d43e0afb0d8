import PorticoAWS
import PorticoConfig
import PorticoService
import Proto

/// What the `Admin` methods use, built from configuration on a service host: the dynamic
/// configuration's DynamoDB store (`dynamodb.tables.dynamic_config`, created at start with
/// `dynamodb.create_tables`), Redis (the announced hash), the audit trail (`aws.audit`), and for
/// roles the spoke role (`policies.role_name`) and the cache.
struct AdminRuntime: Sendable {
    let dynamicConfig: DynamicConfigAdministration
    let roles: RoleAdministration

    static func make(host: ServiceHost, credentials: (any AWSCredentialProvider)?) async throws -> AdminRuntime {
        let configuration = host.configuration
        let logger = host.logger
        let http = host.httpClient()
        let redis = host.redis()
        let awsConfiguration = AWSConfiguration(region: configuration.region, endpointURL: configuration.aws.endpointURL)
        let hubCredentials = credentials ?? CredentialProviderChain.hub(context: CredentialSourceContext(
            environment: .process, configuration: awsConfiguration, http: http, logger: logger))
        let hub = AWSClient(configuration: awsConfiguration, credentials: hubCredentials, http: http, logger: logger)
        var dynamoConfiguration = awsConfiguration
        dynamoConfiguration.endpointURL = configuration.dynamodb.endpointURL ?? configuration.aws.endpointURL
        let store = DynamicConfigStore(
            dynamo: DynamoDBClient(client: hub.with(configuration: dynamoConfiguration)), table: configuration.dynamodb.dynamicConfigTable)
        if configuration.dynamodb.createTables { try await store.ensureTable() }
        let trail = AuditTrail(
            redis: redis, stream: configuration.aws.audit.stream, maxLength: configuration.aws.audit.maxLength,
            archive: AuditArchive.configured(configuration, http: http, logger: logger), logger: logger)
        let roles = RoleAdministration(
            spokes: SpokeSessions(hub: hub, roleName: configuration.policies.roleName, sessionName: "portico-admin"),
            inventory: InventoryLookup(cache: CacheClient(rpc: try host.client(for: .cache))),
            audit: trail, spokeRoleName: configuration.policies.roleName, logger: logger)
        return AdminRuntime(
            dynamicConfig: DynamicConfigAdministration(store: store, redis: redis, audit: trail, logger: logger), roles: roles)
    }
}
