import Foundation
public import Logging
public import Metrics
public import PorticoAWS
public import PorticoConfig
public import PorticoCore
public import PorticoHTTP
public import PorticoRedis
public import PorticoService
public import Proto
public import ServiceLifecycle

/// Everything one cache process holds: the Redis and HTTP clients, the hub's AWS credentials
/// and spoke sessions, and the lifecycle services built on them (scheduler, worker pool, and
/// the closer that shuts the clients down last). `CacheServer` builds one on its `ServiceHost`
/// for `portico-server cache`; tests build their own.
public final class CacheRuntime: Sendable {
    public let settings: CacheSettings
    public let redis: RedisClient
    public let http: HTTPClient
    public let spokes: SpokeSessions
    public let queries: CacheQueries
    public let scheduler: SweepScheduler
    public let workers: SweepWorkerPool
    /// RefreshItem: one item read again through the spoke role and written at once.
    public let itemRefresh: ItemRefresh
    /// The denied calls counted per role from the events queue.
    public let deniedCalls: DeniedCalls
    /// The consumer of IAM change events; nil while `cache.events.queue_url` is unset.
    public let events: EventConsumer?
    /// Keeps the stored dynamic configuration's `group_mapping` in force
    /// (`settings.authorization.storedGroupMapping`) within 2 s of an edit, without a sweep.
    public let dynamicConfig: DynamicConfigWatcher
    let backup: InventoryBackup
    let runner: JobRunner
    /// Whether `services` closes the clients (false when a `ServiceHost` does).
    private let ownsClients: Bool

    /// A runtime with Redis and HTTP clients of its own (made by a `ServiceHost` of its own),
    /// which `services` closes last: for tests and tools; `portico-server cache` runs one on
    /// its server's host instead.
    /// - Parameters:
    ///   - consumerPrefix: names this process's job consumers (default: host, pid and a random tag).
    ///   - credentials: the hub's AWS credentials (default: the standard provider chain).
    public convenience init(
        configuration: PorticoConfiguration, logger: Logger, consumerPrefix: String? = nil,
        credentials: (any AWSCredentialProvider)? = nil, metricsFactory: (any MetricsFactory)? = nil
    ) {
        self.init(
            host: ServiceHost(.cache, configuration: configuration, logger: logger), ownsClients: true,
            consumerPrefix: consumerPrefix, credentials: credentials, metricsFactory: metricsFactory)
    }

    /// The runtime of `portico-server cache`: on the host's Redis and HTTP clients, which the
    /// host closes.
    public convenience init(host: ServiceHost, credentials: (any AWSCredentialProvider)? = nil) {
        self.init(host: host, ownsClients: false, consumerPrefix: nil, credentials: credentials, metricsFactory: nil)
    }

    private init(
        host: ServiceHost, ownsClients: Bool, consumerPrefix: String?, credentials: (any AWSCredentialProvider)?,
        metricsFactory: (any MetricsFactory)?
    ) {
        let configuration = host.configuration
        let settings = CacheSettings(configuration: configuration)
        self.settings = settings
        self.ownsClients = ownsClients
        var logger = host.logger
        logger[metadataKey: "component"] = "cache"
        for region in configuration.cache.regions where !AWSRegionName.isValid(region) {
            logger.warning("cache.regions names something that is not a region; it is not swept", metadata: ["region": "\(region.prefix(40))"])
        }
        // One Redis connection per worker and some for the scheduler and the RPC server; every
        // worker's AWS calls at once.
        let redis = host.redis(poolSize: settings.workers + 8)
        self.redis = redis
        let http = host.httpClient(maxConnectionsPerHost: max(16, settings.awsConcurrency * settings.workers))
        self.http = http
        let awsConfiguration = AWSConfiguration(region: configuration.region, endpointURL: configuration.aws.endpointURL)
        let hubCredentials = credentials ?? CredentialProviderChain.hub(context: CredentialSourceContext(
            environment: .process, configuration: awsConfiguration, http: http, logger: logger))
        let hub = AWSClient(configuration: awsConfiguration, credentials: hubCredentials, http: http, logger: logger)
        let spokes = SpokeSessions(hub: hub, roleName: settings.spokeRoleName, sessionName: "portico-cache")
        self.spokes = spokes
        var dynamoConfiguration = awsConfiguration
        dynamoConfiguration.endpointURL = configuration.dynamodb.endpointURL ?? configuration.aws.endpointURL
        let backup = InventoryBackup(
            dynamo: DynamoDBClient(client: hub.with(configuration: dynamoConfiguration)), settings: settings, logger: logger)
        self.backup = backup
        let storedGroupMapping = settings.authorization.storedGroupMapping
        self.dynamicConfig = DynamicConfigWatcher(
            store: DynamicConfigStore(
                dynamo: DynamoDBClient(client: hub.with(configuration: dynamoConfiguration)),
                table: configuration.dynamodb.dynamicConfigTable),
            redis: redis, logger: logger,
            onChange: { document in
                storedGroupMapping.replace(with: document.groupMapping.mapValues {
                    AuthorizationTagSettings.Grant(roles: $0.roles, cliOnlyRoles: $0.cliOnlyRoles)
                })
            })
        let metrics = CacheMetrics(factory: metricsFactory)
        let queue = JobQueue(redis: redis, settings: settings, logger: logger)
        let source: AccountSource = configuration.organizations.enabled
            ? .organizations(managementAccounts: configuration.organizations.managementAccounts, spokes: spokes)
            : .configured(configuration.accounts)
        let prefix = consumerPrefix ?? Self.defaultConsumerPrefix()
        let queries = CacheQueries(redis: redis, settings: settings, logger: logger)
        self.queries = queries
        self.scheduler = SweepScheduler(
            redis: redis, settings: settings, source: source, backup: backup, queue: queue, metrics: metrics, logger: logger,
            holder: prefix)
        let itemRefresh = ItemRefresh(redis: redis, settings: settings, spokes: spokes, backup: backup, logger: logger)
        self.itemRefresh = itemRefresh
        let denied = DeniedCalls(
            redis: redis, keys: settings.keys, retention: .seconds(86_400 * configuration.cache.events.deniedRetentionDays),
            maxPerRole: configuration.cache.events.maxDeniedPerRole)
        self.deniedCalls = denied
        self.events = configuration.cache.events.queueURL.map { queueURL -> EventConsumer in
            let events = configuration.cache.events
            var sqsConfiguration = awsConfiguration
            sqsConfiguration.region = events.region ?? configuration.region
            // A long poll must end before the request times out.
            sqsConfiguration.requestTimeout = max(sqsConfiguration.requestTimeout, .seconds(events.waitSeconds + 10))
            return EventConsumer(
                sqs: SQSClient(client: hub.with(configuration: sqsConfiguration)), queueURL: queueURL,
                settings: .init(waitSeconds: events.waitSeconds, visibilityTimeout: events.visibilityTimeout, consumers: events.consumers),
                itemRefresh: itemRefresh, queries: queries, denied: denied, metrics: metrics, logger: logger)
        }
        let runner = JobRunner(redis: redis, settings: settings, spokes: spokes, backup: backup, metrics: metrics, logger: logger)
        self.runner = runner
        self.workers = SweepWorkerPool(
            queue: queue, runner: runner, settings: settings, backup: backup, logger: logger, consumerPrefix: prefix)
    }

    /// The services to run, in start order: the closer first when the runtime owns its clients
    /// (so it stops last), then the dynamic configuration's watcher, the scheduler, the workers
    /// and the events consumer (when on).
    public var services: [any Service] {
        (ownsClients ? [ClientCloser(runtime: self)] : []) + [dynamicConfig, scheduler, workers] + (events.map { [$0] } ?? [])
    }

    /// The `Cache` methods, answered from this runtime's queries, for Portico's own services
    /// only (a named client in `rpc.clients` is refused PERMISSION_DENIED).
    public var router: RPCRouter {
        var router = RPCRouter()
        CacheRPCService(queries: queries, itemRefresh: itemRefresh, deniedCalls: deniedCalls).register(into: &router)
        return router.refusingNamedClients(service: CacheMethods.serviceName)
    }

    /// An RPC server answering the `Cache` service from this runtime's queries.
    public func rpcServer(
        listen: HostPort, verifier: ServiceTokenVerifier, logger: Logger, metricsFactory: (any MetricsFactory)? = nil
    ) -> RPCServer {
        RPCServer(
            configuration: RPCServer.Configuration(listen: listen), router: router, verifier: verifier, logger: logger,
            metricsFactory: metricsFactory)
    }

    /// Reads one scope from AWS as a sweep job would, without storing anything: for diagnostics
    /// and for the benchmark's sequential baseline. Returns the items found and the AWS calls made.
    public func sweepWithoutStoring(_ scope: SweepScope) async throws -> (itemCount: Int, awsCalls: Int) {
        let calls = AWSCallTally()
        let items = try await runner.sweep(scope, calls: calls)
        return (items.count, calls.total)
    }

    /// Shuts the Redis and HTTP clients down.
    public func shutdown() async {
        await redis.shutdown()
        await http.shutdown()
    }

    static func defaultConsumerPrefix() -> String {
        let host = ProcessInfo.processInfo.hostName.prefix(40)
        return "\(host)-\(ProcessInfo.processInfo.processIdentifier)-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
    }
}

/// Waits for the graceful shutdown, then closes the runtime's clients (after every other
/// service of the group has stopped, as it is started first).
struct ClientCloser: Service {
    let runtime: CacheRuntime

    func run() async throws {
        try? await gracefulShutdown()
        await runtime.shutdown()
    }
}
