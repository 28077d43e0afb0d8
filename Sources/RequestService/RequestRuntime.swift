import Foundation
import PorticoAWS
import PorticoConfig
import PorticoService
import Proto

/// Builds `PolicyRequests` from configuration on a service host: AWS clients (hub, spoke
/// sessions, DynamoDB, SES), the cache client, Redis (list index, audit).
enum RequestRuntime {
    static func make(host: ServiceHost, credentials: (any AWSCredentialProvider)?) async throws -> PolicyRequests {
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
        let store = PolicyRequestStore(
            dynamo: DynamoDBClient(client: hub.with(configuration: dynamoConfiguration)), table: configuration.dynamodb.policyRequestsTable)
        if configuration.dynamodb.createTables { try await store.createTableIfMissing() }
        // Ready only while the requests table answers (readiness, `portico-server health requests`).
        host.readiness.add("dynamodb") { _ = try await store.dynamo.describeTable(name: store.table) }
        let inventory = InventoryLookup(cache: CacheClient(rpc: try host.client(for: .cache)))
        let metrics = RequestMetrics()
        var sesConfiguration = awsConfiguration
        sesConfiguration.region = configuration.ses.region
        let now: @Sendable () -> Date = { Date() }
        var requests = PolicyRequests(
            store: store,
            index: RequestListIndex(redis: redis, prefix: "portico:requests"),
            expiries: GrantExpirySchedule(redis: redis, key: "portico:requests:expiries"),
            validation: ChangeValidation(
                inventory: inventory, tempPolicySupport: configuration.policies.tempPolicySupport,
                minExpirySeconds: configuration.policies.minExpirySeconds, now: now),
            crossAccount: CrossAccountPolicies(inventory: inventory),
            applier: ChangeApplier(spokes: SpokeSessions(hub: hub, roleName: configuration.policies.roleName, sessionName: "portico-requests")),
            inventory: inventory,
            authorization: RequestAuthorization(
                allowAdminSelfApproval: configuration.policies.allowAdminSelfApproval,
                reviewersByAccount: configuration.policies.reviewersByAccount),
            audit: RequestAudit(trail: AuditTrail(
                redis: redis, stream: configuration.aws.audit.stream, maxLength: configuration.aws.audit.maxLength,
                archive: AuditArchive.configured(configuration, http: http, logger: logger), logger: logger)),
            notifications: RequestNotifications(
                slackWebhook: configuration.slack.notificationsEnabled ? configuration.slack.webhookURL?.exposed : nil,
                http: http,
                ses: configuration.ses.sender == nil ? nil : SESClient(client: hub.with(configuration: sesConfiguration)),
                sender: configuration.ses.sender, reviewers: configuration.ses.reviewers, baseURL: configuration.url,
                metrics: metrics, logger: logger),
            metrics: metrics,
            selfService: SelfServiceInForce(
                fixedTemplates: configuration.permissionTemplates, fixedRules: configuration.policies.autoApprove,
                watcher: DynamicConfigWatcher(
                    store: DynamicConfigStore(
                        dynamo: DynamoDBClient(client: hub.with(configuration: dynamoConfiguration)),
                        table: configuration.dynamodb.dynamicConfigTable),
                    redis: redis, logger: logger)),
            claims: ApplyClaims(redis: redis, prefix: "portico:requests", holder: processHolder, duration: .seconds(15)),
            logger: logger, now: now)
        if configuration.environment == .dev, let text = ProcessInfo.processInfo.environment["PORTICO_TEST_APPLY_HANG_AFTER"] {
            requests.testHangAfter = Int(text)
            logger.warning("PORTICO_TEST_APPLY_HANG_AFTER is set: applies stop midway (tests only)", metadata: ["after": "\(text)"])
        }
        return requests
    }

    /// This process as the holder of leases and apply claims: host, pid and a random part.
    static let processHolder =
        "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
}
