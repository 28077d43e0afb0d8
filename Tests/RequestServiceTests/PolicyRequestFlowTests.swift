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

/// The request service over the wire, against moto (signature checking on) and redis-server,
/// with a real cache service beside it: create with the cross-account bucket policy generated at
/// once, self-approval refused, a reviewer's approval applied in AWS, two reviewers at once,
/// malformed requests refused naming the field.
@Suite(.serialized) struct PolicyRequestFlowTests {
    static let secret = "request-service-tests-rpc-secret-0123456789"
    static let accountA = "100000000001"
    static let accountB = "100000000002"
    static let roleARN = "arn:aws:iam::\(accountA):role/alice-role"
    static let bucket = "shared-bucket-b"

    struct Stack {
        let client: RPCClient
        let spokes: SpokeSessions
    }

    static func logger(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .warning
        return logger
    }

    static func withStack(_ body: (Stack) async throws -> Void) async throws {
        let logger = logger("portico.tests.requests")
        let http = HTTPClient(logger: logger)
        let redis = try await RedisServer.start()
        let moto = try await SeededMoto.start(
            .init(signatureChecking: true, spokeRoleName: "PorticoSpoke", spokeAccounts: [accountA, accountB],
                  roles: [.init(account: accountA, name: "alice-role")]),
            http: http, logger: logger)
        let hub = AWSClient(
            configuration: AWSConfiguration(region: "us-east-1", endpointURL: moto.endpoint),
            credentials: StaticCredentialProvider(moto.hubKey), http: http, logger: logger)
        let spokes = SpokeSessions(hub: hub, roleName: "PorticoSpoke", sessionName: "tests")
        try await S3Client(client: spokes.client(account: accountB)).createBucket(bucket: bucket)

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
        let credentials = StaticCredentialProvider(moto.hubKey)

        let (cachePorts, cacheSink) = AsyncStream.makeStream(of: Int.self)
        let cacheConfiguration = configuration
        let cache = Task {
            try await CacheServer(configuration: cacheConfiguration, credentials: credentials, logger: logger, onListening: { cacheSink.yield($0) }).run()
        }
        var cacheIterator = cachePorts.makeAsyncIterator()
        let cachePort = try #require(await cacheIterator.next())
        configuration.services.cache = [HostPort(host: "127.0.0.1", port: cachePort)]

        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let requestsConfiguration = configuration
        let requests = Task {
            try await RequestServer(configuration: requestsConfiguration, credentials: credentials, logger: logger, onListening: { sink.yield($0) }).run()
        }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let client = try RPCClient(
            configuration: .init(endpoints: [HostPort(host: "127.0.0.1", port: port)]),
            tokens: try ServiceTokenIssuer(identity: "gateway", secret: secret), logger: logger)
        let cacheClient = CacheClient(rpc: try RPCClient(
            configuration: .init(endpoints: [HostPort(host: "127.0.0.1", port: cachePort)]),
            tokens: try ServiceTokenIssuer(identity: "gateway", secret: secret), logger: logger))
        defer {
            requests.cancel()
            cache.cancel()
        }
        // The bucket's account is known once the cache has swept account B's buckets.
        try await awaitCondition("the cache knows the bucket", timeout: 60, every: 0.5) {
            (try? await cacheClient.getResource(CacheGetResourceRequest(arn: "arn:aws:s3:::\(bucket)")).resource) != nil
        }
        let bucketItem = try await cacheClient.getResource(CacheGetResourceRequest(arn: "arn:aws:s3:::\(bucket)")).resource
        #expect(bucketItem?.accountID == accountB, "the cache's bucket: \(String(describing: bucketItem))")
        do {
            try await body(Stack(client: client, spokes: spokes))
        } catch {
            await client.close()
            await cacheClient.rpc.close()
            requests.cancel(); cache.cancel()
            _ = try? await requests.value; _ = try? await cache.value
            moto.stop(); redis.stop(); await http.shutdown()
            throw error
        }
        await client.close()
        await cacheClient.rpc.close()
        requests.cancel(); cache.cancel()
        _ = try? await requests.value; _ = try? await cache.value
        moto.stop(); redis.stop(); await http.shutdown()
    }

    static func call(
        _ stack: Stack, _ method: RPCMethod<PolicyRequestCall, PolicyRequestReply>, user: String, admin: Bool = false,
        id: String = "", body: some Encodable
    ) async throws -> PolicyRequestReply {
        try await stack.client.call(method, PolicyRequestCall(
            caller: PolicyRequestCaller(principal: Principal(user: user, groups: []), canAdminPolicies: admin),
            requestID: id, bodyJSON: String(decoding: try APIJSON.encode(body), as: UTF8.self)))
    }

    static func inlineRequest(name: String) -> PolicyRequestCreation {
        var change = PolicyRequestChange(principal: PolicyRequestPrincipal(principalARN: roleARN), changeType: .inlinePolicy)
        change.policyName = name
        change.action = "attach"
        change.policy = PolicyRequestDocument(policyDocument: [
            "Version": "2012-10-17",
            "Statement": [["Effect": "Allow", "Action": ["s3:GetObject"], "Resource": .string("arn:aws:s3:::\(bucket)/*")]],
        ])
        return PolicyRequestCreation(justification: "need to read the shared bucket", changes: [change])
    }

    static func approve() -> PolicyRequestModification { PolicyRequestModification(.init(command: "approve_request")) }

    @Test func aReviewersApprovalAppliesTheInlinePolicyAndExactlyOneBucketStatementWhileTheRequesterIsRefused() async throws {
        try await Self.withStack { stack in
            let created = try await Self.call(stack, RequestsMethods.createRequest, user: "alice@example.com", body: Self.inlineRequest(name: "read-shared"))
            #expect(created.status == 200, "\(created.bodyJSON)")
            let response = try APIJSON.decode(PolicyRequestCreationResponse.self, from: Data(created.bodyJSON.utf8))
            let generated = try #require(
                response.extendedRequest.changes.changes.first { $0.changeType == "resource_policy" }, "\(created.bodyJSON)")
            #expect(generated.arn == "arn:aws:s3:::\(Self.bucket)")
            #expect(generated.supported == true)
            #expect(generated.newlyAllowed == ["s3:GetObject arn:aws:s3:::\(Self.bucket)/*"])
            let inlineChange = try #require(response.extendedRequest.changes.changes.first { $0.changeType == "inline_policy" })
            #expect(inlineChange.newlyAllowed == ["s3:GetObject arn:aws:s3:::\(Self.bucket)/*"])
            #expect(inlineChange.noLongerAllowed == [])
            #expect(inlineChange.warnings == [])
            let statements = generated.policy?.policyDocument["Statement"]?.arrayValue ?? []
            #expect(statements.count == 1)
            #expect(statements.first?["Principal"]?["AWS"]?.arrayValue == [.string(Self.roleARN)])
            let id = try #require(response.requestID)

            let selfApproval = try await Self.call(stack, RequestsMethods.modifyRequest, user: "alice@example.com", admin: true, id: id, body: Self.approve())
            #expect(selfApproval.status == 403)

            let approval = try await Self.call(stack, RequestsMethods.modifyRequest, user: "bob@example.com", admin: true, id: id, body: Self.approve())
            #expect(approval.status == 200, "\(approval.bodyJSON)")
            let outcome = try APIJSON.decode(PolicyRequestModificationResponse.self, from: Data(approval.bodyJSON.utf8))
            #expect(outcome.errors == 0, "\(outcome.actionResults)")
            #expect(outcome.request?.requestStatus == .approved)

            let iam = IAMClient(client: stack.spokes.client(account: Self.accountA))
            let inline = try await iam.getRolePolicy(roleName: "alice-role", policyName: "read-shared")
            #expect(inline.document.contains("s3:GetObject"))
            let s3 = S3Client(client: stack.spokes.client(account: Self.accountB))
            let policy = DocumentHash.parse(try await s3.getBucketPolicy(bucket: Self.bucket))
            #expect(policy["Statement"]?.arrayValue?.count == 1)

            // A GET never writes; it shows the request as stored.
            let detail = try await Self.call(stack, RequestsMethods.getRequest, user: "carol@example.com", id: id, body: [String: String]())
            #expect(detail.status == 200)
            let list = try await Self.call(
                stack, RequestsMethods.listRequests, user: "alice@example.com", body: PolicyRequestListQuery(limit: 50, status: "approved"))
            let rows = try APIJSON.decode(PolicyRequestListResponse.self, from: Data(list.bodyJSON.utf8))
            #expect(rows.data.map(\.requestID) == [id])
        }
    }

    @Test func twoReviewersApprovingAtOnceApplyOnceAndOneGetsAConflict() async throws {
        try await Self.withStack { stack in
            for attempt in 0..<5 {
                let created = try await Self.call(
                    stack, RequestsMethods.createRequest, user: "alice@example.com", body: Self.inlineRequest(name: "race-\(attempt)"))
                let id = try #require(try APIJSON.decode(PolicyRequestCreationResponse.self, from: Data(created.bodyJSON.utf8)).requestID)
                async let first = Self.call(stack, RequestsMethods.modifyRequest, user: "bob@example.com", admin: true, id: id, body: Self.approve())
                async let second = Self.call(stack, RequestsMethods.modifyRequest, user: "dave@example.com", admin: true, id: id, body: Self.approve())
                let statuses = [try await first.status, try await second.status].sorted()
                #expect(statuses == [200, 409], "attempt \(attempt)")
            }
        }
    }

    @Test func malformedRequestsAreRefusedNamingTheFieldAndNothingIsStored() async throws {
        try await Self.withStack { stack in
            var unknown = Self.inlineRequest(name: "x")
            unknown.changes.changes[0].changeType = "generic_file"
            var noEffect = Self.inlineRequest(name: "y")
            noEffect.changes.changes[0].policy = PolicyRequestDocument(policyDocument: ["Statement": [["Action": "s3:GetObject", "Resource": "*"]]])
            var badName = Self.inlineRequest(name: "bad name!")
            badName.changes.changes[0].policyName = "bad name!"
            var missingPrincipal = Self.inlineRequest(name: "z")
            missingPrincipal.changes.changes[0].principal = PolicyRequestPrincipal(principalARN: "arn:aws:iam::\(Self.accountA):role/nobody")
            var unknownAction = Self.inlineRequest(name: "w")
            unknownAction.changes.changes[0].policy = PolicyRequestDocument(policyDocument: [
                "Version": "2012-10-17", "Statement": [["Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"]],
            ])
            for (body, field) in [
                (unknown, "change_type"), (noEffect, "Effect"), (badName, "policy_name"), (missingPrincipal, "principal"),
                (unknownAction, "changes[0].policy.policy_document: UNKNOWN_ACTION at Statement[0].Action[0]"),
            ] {
                let reply = try await Self.call(stack, RequestsMethods.createRequest, user: "alice@example.com", body: body)
                #expect(reply.status == 400, "\(field): \(reply.bodyJSON)")
                #expect(reply.bodyJSON.contains(field), "\(reply.bodyJSON)")
            }
            // Warnings do not refuse: they stay on the change for the reviewer, with its effect.
            var wide = Self.inlineRequest(name: "wide")
            wide.dryRun = true
            wide.changes.changes[0].policy = PolicyRequestDocument(policyDocument: [
                "Version": "2012-10-17", "Statement": [["Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"]],
            ])
            let dryRun = try await Self.call(stack, RequestsMethods.createRequest, user: "alice@example.com", body: wide)
            #expect(dryRun.status == 200, "\(dryRun.bodyJSON)")
            let checked = try APIJSON.decode(PolicyRequestCreationResponse.self, from: Data(dryRun.bodyJSON.utf8)).extendedRequest.changes.changes[0]
            #expect(checked.warnings?.map(\.issue) == ["STAR_RESOURCE"], "\(dryRun.bodyJSON)")
            #expect(checked.newlyAllowed == ["s3:GetObject *"])
            let list = try await Self.call(stack, RequestsMethods.listRequests, user: "alice@example.com", body: PolicyRequestListQuery())
            #expect(try APIJSON.decode(PolicyRequestListResponse.self, from: Data(list.bodyJSON.utf8)).totalCount == 0)
        }
    }

    @Test func aTemporaryManagedPolicyIsDetachedWhenItEndsAndEndAccessRemovesAnotherGrantAtOnce() async throws {
        try await Self.withStack { stack in
            let iam = IAMClient(client: stack.spokes.client(account: Self.accountA))
            let managed = try await iam.createPolicy(name: "temporary-read", document: SeededMoto.allowAll)
            var grant = PolicyRequestChange(principal: PolicyRequestPrincipal(principalARN: Self.roleARN), changeType: .managedPolicy)
            grant.arn = managed.arn
            grant.action = "attach"
            grant.expiresAt = ISO8601DateFormatter().string(from: Date().addingTimeInterval(4))
            let created = try await Self.call(
                stack, RequestsMethods.createRequest, user: "alice@example.com",
                body: PolicyRequestCreation(justification: "briefly", changes: [grant]))
            #expect(created.status == 200, "\(created.bodyJSON)")
            let id = try #require(try APIJSON.decode(PolicyRequestCreationResponse.self, from: Data(created.bodyJSON.utf8)).requestID)
            let approval = try await Self.call(stack, RequestsMethods.modifyRequest, user: "bob@example.com", admin: true, id: id, body: Self.approve())
            #expect(approval.status == 200, "\(approval.bodyJSON)")
            #expect(try await iam.listAttachedRolePolicies(roleName: "alice-role").map(\.policyARN).contains(managed.arn))
            try await awaitCondition("the grant is detached and the request expired", timeout: 30, every: 0.5) {
                let detail = try await Self.call(stack, RequestsMethods.getRequest, user: "alice@example.com", id: id, body: [String: String]())
                let request = try APIJSON.decode(
                    PolicyRequest.self,
                    from: Data(try APIJSON.decode(PolicyRequestDetail.self, from: Data(detail.bodyJSON.utf8)).request.utf8))
                return request.requestStatus == .expired
            }
            #expect(try await !iam.listAttachedRolePolicies(roleName: "alice-role").map(\.policyARN).contains(managed.arn))

            var inline = Self.inlineRequest(name: "until-ended")
            inline.changes.changes[0].expiresAt = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
            let second = try await Self.call(stack, RequestsMethods.createRequest, user: "alice@example.com", body: inline)
            let secondID = try #require(try APIJSON.decode(PolicyRequestCreationResponse.self, from: Data(second.bodyJSON.utf8)).requestID)
            let approved = try await Self.call(stack, RequestsMethods.modifyRequest, user: "bob@example.com", admin: true, id: secondID, body: Self.approve())
            #expect(approved.status == 200, "\(approved.bodyJSON)")
            #expect(try await iam.listRolePolicyNames(roleName: "alice-role").contains("until-ended"))
            let ended = try await Self.call(
                stack, RequestsMethods.modifyRequest, user: "bob@example.com", admin: true, id: secondID,
                body: PolicyRequestModification(.init(command: "end_access")))
            #expect(ended.status == 200, "\(ended.bodyJSON)")
            #expect(try await !iam.listRolePolicyNames(roleName: "alice-role").contains("until-ended"))
            let policy = DocumentHash.parse(try await S3Client(client: stack.spokes.client(account: Self.accountB)).getBucketPolicy(bucket: Self.bucket))
            #expect((policy["Statement"]?.arrayValue ?? []).isEmpty, "only Portico's statement was there, and it is gone")
        }
    }
}
