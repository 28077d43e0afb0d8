import Foundation
public import Logging
public import PorticoAWS
public import PorticoConfig
import PorticoService
import Proto
public import ServiceLifecycle

/// `portico-server requests` as a lifecycle service: on its `ServiceHost`, the `Requests`
/// methods with `Health` on `listen.requests`, over the requests table
/// (`dynamodb.tables.policy_requests`, created at start with `dynamodb.create_tables`), the list
/// index in Redis, the spoke role (`policies.role_name`) for applying, the cache (principals and
/// resource policies; refreshed after every apply), the audit stream and the notifications.
public struct RequestServer: Service {
    private let configuration: PorticoConfiguration
    private let credentials: (any AWSCredentialProvider)?
    private let logger: Logger
    private let onListening: @Sendable (Int) async -> Void

    /// - Parameters:
    ///   - credentials: the hub's AWS credentials (default: the standard provider chain).
    ///   - onListening: called with the bound port (port 0 in `listen.requests` picks one).
    public init(
        configuration: PorticoConfiguration, credentials: (any AWSCredentialProvider)? = nil, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.credentials = credentials
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        try await ServiceHost.run(.requests, configuration: configuration, logger: logger) { host in
            let requests = try await RequestRuntime.make(host: host, credentials: credentials)
            var router = RequestRPCHandlers.router(
                RequestRPCHandlers(requests: requests, maxBodyBytes: configuration.policies.maxRequestBytes))
            // Further method sets (Admin/) register here, on the same router.
            try await AdminRPCHandlers.register(on: &router, host: host, credentials: credentials)
            let expiry = GrantExpiryWorker(
                requests: requests, schedule: requests.expiries,
                lease: RedisLease(
                    redis: host.redis(), key: "portico:requests:expiry-lease",
                    holder: RequestRuntime.processHolder,
                    duration: .seconds(max(3 * configuration.policies.expiryWorkerIntervalSeconds, 10))),
                interval: .seconds(configuration.policies.expiryWorkerIntervalSeconds), logger: logger)
            let recovery = ApplyRecoveryWorker(
                requests: requests,
                lease: RedisLease(
                    redis: host.redis(), key: "portico:requests:recovery-lease", holder: RequestRuntime.processHolder, duration: .seconds(15)),
                interval: .seconds(5), logger: logger)
            // The dynamic configuration (templates, auto-approval rules) is loaded before calls are taken.
            let watcher = requests.selfService.watcher.map { [$0 as any Service] } ?? []
            return watcher + [try host.rpcServer(router: router, onListening: onListening), expiry, recovery]
        }
    }
}
