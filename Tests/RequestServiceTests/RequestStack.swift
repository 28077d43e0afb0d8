import Foundation
import Logging
import PorticoAPI
import PorticoAWS
import PorticoConfig
import PorticoCore
import PorticoHTTP
import PorticoTestSupport
import Proto
import Testing

@testable import CacheService
@testable import RequestService

/// A request service over the wire in this process, with what it stands on: moto (signature
/// checking on) with two spoke accounts — alice's role in A; a bucket, a queue, a topic and a
/// role in B, known to the cache before the first test — redis-server and a real cache service.
/// Suites share one through `SuiteFixtureTrait<RequestStack>`, or start their own with a
/// configuration of their own (`start(configure:)`).
struct RequestStack: SuiteFixture {
    static let secret = "request-service-tests-rpc-secret-0123456789"
    static let accountA = "100000000001"
    static let accountB = "100000000002"
    static let roleARN = "arn:aws:iam::\(accountA):role/alice-role"
    static let bucket = "shared-bucket-b"
    static let queue = "shared-queue-b"
    static var queueARN: String { "arn:aws:sqs:us-east-1:\(accountB):\(queue)" }
    static let topic = "shared-topic-b"
    static var topicARN: String { "arn:aws:sns:us-east-1:\(accountB):\(topic)" }
    /// A role in account B alice's role may be allowed to assume.
    static let targetRoleARN = "arn:aws:iam::\(accountB):role/target-role"

    let client: RPCClient
    let cacheClient: CacheClient
    let spokes: SpokeSessions
    let configuration: PorticoConfiguration
    let moto: SeededMoto
    let redis: RedisServer
    let http: HTTPClient
    let servers: [Task<Void, any Error>]

    static func logger(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .warning
        return logger
    }

    static func start() async throws -> RequestStack { try await start(configure: { _ in }) }

    /// - Parameter inProcessRequests: false leaves the request service to a `portico-server
    ///   requests` process the test starts (`processConfiguration()`), on `listen.requests`.
    static func start(configure: (inout PorticoConfiguration) -> Void, inProcessRequests: Bool = true) async throws -> RequestStack {
        let logger = logger("portico.tests.requests")
        let http = HTTPClient(logger: logger)
        let redis = try await RedisServer.start()
        let moto = try await SeededMoto.start(
            .init(signatureChecking: true, spokeRoleName: "PorticoSpoke", spokeAccounts: [accountA, accountB],
                  roles: [.init(account: accountA, name: "alice-role"), .init(account: accountB, name: "target-role")]),
            http: http, logger: logger)
        let hub = AWSClient(
            configuration: AWSConfiguration(region: "us-east-1", endpointURL: moto.endpoint),
            credentials: StaticCredentialProvider(moto.hubKey), http: http, logger: logger)
        let spokes = SpokeSessions(hub: hub, roleName: "PorticoSpoke", sessionName: "tests")
        let inB = spokes.client(account: accountB)
        try await S3Client(client: inB).createBucket(bucket: bucket)
        _ = try await SQSClient(client: inB).createQueue(name: queue)
        _ = try await SNSClient(client: inB).createTopic(name: topic)

        var configuration = PorticoConfiguration()
        configuration.redis.host = redis.host
        configuration.redis.port = redis.port
        configuration.rpc.secret = Secret(secret)
        configuration.aws.endpointURL = moto.endpoint
        configuration.dynamodb.createTables = true
        configuration.accounts = [accountA: "a", accountB: "b"]
        configuration.policies.roleName = "PorticoSpoke"
        configuration.cache.regions = ["us-east-1"]
        configuration.cache.schedulerTick = 1
        configuration.policies.minExpirySeconds = 0
        configuration.policies.expiryWorkerIntervalSeconds = 1
        configuration.listen.cache = HostPort(host: "127.0.0.1", port: 0)
        configuration.listen.requests = HostPort(host: "127.0.0.1", port: 0)
        configure(&configuration)
        let credentials = StaticCredentialProvider(moto.hubKey)

        let (cachePorts, cacheSink) = AsyncStream.makeStream(of: Int.self)
        let cacheConfiguration = configuration
        let cache = Task {
            try await CacheServer(configuration: cacheConfiguration, credentials: credentials, logger: logger, onListening: { cacheSink.yield($0) }).run()
        }
        var cacheIterator = cachePorts.makeAsyncIterator()
        let cachePort = try #require(await cacheIterator.next())
        configuration.services.cache = [HostPort(host: "127.0.0.1", port: cachePort)]

        var servers = [cache]
        let port: Int
        if inProcessRequests {
            let (ports, sink) = AsyncStream.makeStream(of: Int.self)
            let requestsConfiguration = configuration
            servers.append(Task {
                try await RequestServer(configuration: requestsConfiguration, credentials: credentials, logger: logger, onListening: { sink.yield($0) }).run()
            })
            var iterator = ports.makeAsyncIterator()
            port = try #require(await iterator.next())
        } else {
            port = try FreePort.next()
            configuration.listen.requests = HostPort(host: "127.0.0.1", port: port)
        }
        let client = try RPCClient(
            configuration: .init(endpoints: [HostPort(host: "127.0.0.1", port: port)]),
            tokens: try ServiceTokenIssuer(identity: "gateway", secret: secret), logger: logger)
        let cacheClient = CacheClient(rpc: try RPCClient(
            configuration: .init(endpoints: [HostPort(host: "127.0.0.1", port: cachePort)]),
            tokens: try ServiceTokenIssuer(identity: "gateway", secret: secret), logger: logger))
        let stack = RequestStack(
            client: client, cacheClient: cacheClient, spokes: spokes, configuration: configuration, moto: moto, redis: redis,
            http: http, servers: servers)
        do {
            // Resources' accounts are known once the cache has swept account B.
            for arn in ["arn:aws:s3:::\(bucket)", queueARN, topicARN] {
                try await awaitCondition("the cache knows \(arn)", timeout: 90, every: 0.5) {
                    (try? await cacheClient.getResource(CacheGetResourceRequest(arn: arn)).resource) != nil
                }
            }
            let bucketItem = try await cacheClient.getResource(CacheGetResourceRequest(arn: "arn:aws:s3:::\(bucket)")).resource
            #expect(bucketItem?.accountID == accountB, "the cache's bucket: \(String(describing: bucketItem))")
        } catch {
            await stack.stop()
            throw error
        }
        return stack
    }

    func stop() async {
        await client.close()
        await cacheClient.rpc.close()
        for server in servers { server.cancel() }
        for server in servers { _ = try? await server.value }
        moto.stop()
        redis.stop()
        await http.shutdown()
    }

    /// Starts a stack of its own for `body`, stopped afterwards whatever happens.
    static func with(
        configure: (inout PorticoConfiguration) -> Void = { _ in }, _ body: (RequestStack) async throws -> Void
    ) async throws {
        let stack = try await start(configure: configure)
        do {
            try await body(stack)
        } catch {
            await stack.stop()
            throw error
        }
        await stack.stop()
    }

    /// A configuration file for `portico-server requests` on this stack (`environment: dev`,
    /// `listen.requests` as chosen, this stack's Redis, moto and cache), and the environment
    /// holding the hub's key.
    func processConfiguration() throws -> (path: String, environment: [String: String]) {
        let accounts = configuration.accounts.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }
        let yaml = """
            environment: dev
            region: us-east-1
            listen: {requests: "127.0.0.1:\(configuration.listen.requests.port)"}
            metrics: {listen: {requests: "127.0.0.1:0"}}
            rpc: {secret: \(Self.secret)}
            redis: {host: \(redis.host), port: \(redis.port), db: 0}
            dynamodb: {create_tables: true}
            aws: {endpoint_url: "\(moto.endpoint)"}
            policies: {role_name: PorticoSpoke, min_expiry_seconds: 0, expiry_worker_interval_seconds: 1}
            accounts: {\(accounts.joined(separator: ", "))}
            services: {cache: ["127.0.0.1:\(configuration.services.cache.first?.port ?? 0)"]}
            logging: {format: text, level: info}

            """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("portico-requests-\(UUID().uuidString).yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return (path, [
            "AWS_ACCESS_KEY_ID": moto.hubKey.accessKeyID, "AWS_SECRET_ACCESS_KEY": moto.hubKey.secretAccessKey, "AWS_REGION": "us-east-1",
        ])
    }

    // MARK: Calls

    func call(
        _ method: RPCMethod<PolicyRequestCall, PolicyRequestReply>, user: String, admin: Bool = false, groups: [String] = [],
        id: String = "", body: some Encodable
    ) async throws -> PolicyRequestReply {
        try await client.call(method, PolicyRequestCall(
            caller: PolicyRequestCaller(principal: Principal(user: user, groups: groups), canAdminPolicies: admin),
            requestID: id, bodyJSON: String(decoding: try APIJSON.encode(body), as: UTF8.self)))
    }

    /// Creates a request as alice; fails the test unless it is stored.
    func create(_ changes: [PolicyRequestChange], user: String = "alice@example.com") async throws -> PolicyRequestCreationResponse {
        let reply = try await call(
            RequestsMethods.createRequest, user: user, body: PolicyRequestCreation(justification: "for the tests", changes: changes))
        try #require(reply.status == 200, "\(reply.bodyJSON)")
        return try APIJSON.decode(PolicyRequestCreationResponse.self, from: Data(reply.bodyJSON.utf8))
    }

    /// Approves `id` as bob (a reviewer); the modification response.
    func approve(_ id: String, by user: String = "bob@example.com") async throws -> (status: UInt32, response: PolicyRequestModificationResponse?) {
        let reply = try await call(
            RequestsMethods.modifyRequest, user: user, admin: true, id: id,
            body: PolicyRequestModification(.init(command: "approve_request")))
        return (reply.status, try? APIJSON.decode(PolicyRequestModificationResponse.self, from: Data(reply.bodyJSON.utf8)))
    }

    /// Creates and approves `changes`; fails the test unless every change applied.
    @discardableResult
    func createAndApprove(_ changes: [PolicyRequestChange]) async throws -> PolicyRequest {
        let created = try await create(changes)
        let id = try #require(created.requestID)
        let (status, response) = try await approve(id)
        try #require(status == 200, "\(String(describing: response))")
        let request = try #require(response?.request)
        #expect(response?.errors == 0, "\(String(describing: response?.actionResults))")
        #expect(request.requestStatus == .approved, "\(request.changes.changes.map { ($0.changeType, $0.status, $0.failure) })")
        return request
    }

    /// The request as stored.
    func detail(_ id: String) async throws -> PolicyRequest {
        let reply = try await call(RequestsMethods.getRequest, user: "carol@example.com", id: id, body: [String: String]())
        let detail = try APIJSON.decode(PolicyRequestDetail.self, from: Data(reply.bodyJSON.utf8))
        return try APIJSON.decode(PolicyRequest.self, from: Data(detail.request.utf8))
    }

    /// The requests table, read directly (as no process may be serving it).
    func store() -> PolicyRequestStore {
        let hub = AWSClient(
            configuration: AWSConfiguration(region: "us-east-1", endpointURL: moto.endpoint),
            credentials: StaticCredentialProvider(moto.hubKey), http: http, logger: Self.logger("dynamodb"))
        return PolicyRequestStore(dynamo: DynamoDBClient(client: hub), table: configuration.dynamodb.policyRequestsTable)
    }

    /// An IAM client in `account` through the spoke role.
    func iam(_ account: String = accountA) -> IAMClient { IAMClient(client: spokes.client(account: account)) }

    static func document(_ actions: [String], on resources: [String]) -> PolicyRequestDocument {
        PolicyRequestDocument(policyDocument: [
            "Version": "2012-10-17",
            "Statement": [["Effect": "Allow", "Action": .array(actions.map { .string($0) }), "Resource": .array(resources.map { .string($0) })]],
        ])
    }

    static func inline(_ name: String, _ actions: [String], on resources: [String], principal: String = roleARN, action: String = "attach")
        -> PolicyRequestChange
    {
        var change = PolicyRequestChange(principal: PolicyRequestPrincipal(principalARN: principal), changeType: .inlinePolicy)
        change.policyName = name
        change.action = action
        if action == "attach" { change.policy = document(actions, on: resources) }
        return change
    }
}
