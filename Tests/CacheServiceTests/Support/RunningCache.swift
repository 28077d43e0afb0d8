import CacheService
import Logging
import Metrics
import PorticoAWS
import PorticoConfig
import PorticoTestSupport
import ServiceLifecycle

/// A cache process inside the test: a `CacheRuntime` whose scheduler and workers run in a
/// service group until `stop()`.
final class RunningCache: Sendable {
    let runtime: CacheRuntime
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    init(configuration: PorticoConfiguration, name: String, metrics: (any MetricsFactory)? = nil) {
        let logger = TestLogging.logger("portico.tests.\(name)")
        runtime = CacheRuntime(
            configuration: configuration, logger: logger, consumerPrefix: name,
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIAHUBEXAMPLE000001", secretAccessKey: "hub")),
            metricsFactory: metrics)
        let group = ServiceGroup(services: runtime.services, logger: logger)
        self.group = group
        task = Task { try await group.run() }
    }

    var queries: CacheQueries { runtime.queries }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    /// A configuration against the test's Redis and moto: the given accounts, one region, short
    /// ticks and leases, intervals long enough that only the first sweep (and refreshes) run.
    static func configuration(
        redis: RedisServer, awsEndpoint: String, dynamoEndpoint: String? = nil, accounts: [String],
        workers: Int = 2, intervals: [String: Int] = [:]
    ) -> PorticoConfiguration {
        var configuration = PorticoConfiguration()
        configuration.redis.host = redis.host
        configuration.redis.port = redis.port
        configuration.aws.endpointURL = awsEndpoint
        configuration.dynamodb.endpointURL = dynamoEndpoint
        configuration.dynamodb.createTables = true
        configuration.accounts = Dictionary(uniqueKeysWithValues: accounts.map { ($0, "account-\($0.suffix(3))") })
        configuration.cache.regions = ["us-east-1"]
        for kind in ["iam", "s3", "sqs", "sns", "config", "accounts"] { configuration.cache.intervals[kind] = 3600 }
        configuration.cache.intervals.merge(intervals) { $1 }
        configuration.cache.workers = workers
        configuration.cache.schedulerTick = 1
        configuration.cache.schedulerLease = 3
        configuration.cache.jobVisibilityTimeout = 4
        configuration.cache.retryDelay = 1
        configuration.cache.generationGrace = 1
        return configuration
    }
}

extension CacheQueries {
    /// Whether every scope of every account has a successful sweep.
    func everyScopeSwept(accounts: [String]) async throws -> Bool {
        let status = try await status(accounts: accounts)
        return accounts.allSatisfy { account in
            settings.scopes(of: account).allSatisfy { status[$0]?.lastSuccessAt != nil }
        }
    }
}
