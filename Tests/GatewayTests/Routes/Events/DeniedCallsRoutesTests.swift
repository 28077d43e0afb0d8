import CacheService
import Foundation
import PorticoCore
import PorticoRedis
import Testing

extension GatewayBackendTests {
    /// A role's denied calls (counted by the cache from CloudTrail events) through the gateway:
    /// on the role page as `cloudtrail_details.errors.cloudtrail_errors`, and as the self-service
    /// generator `denied_actions`, which yields a policy for exactly those actions and resources.
    @Suite(.serialized) struct DeniedCallsRoutes {
        static let admins = "cloud-admins@example.com"
        static let role = MotoHubAndSpokes.Roles.prodBilling

        static func withDeniedCalls(_ body: (GatewayOnStack) async throws -> Void) async throws {
            try await GatewayOnStack.with(configure: { $0.groups.canAdmin = [admins] }) { stack in
                let redis = RedisClient(
                    configuration: RedisConfiguration(host: stack.stack.redis.host, port: stack.stack.redis.port, db: 0, password: nil),
                    logger: quietLogger)
                let denied = DeniedCalls(
                    redis: redis, keys: CacheKeys(prefix: "portico:cache:"), retention: .seconds(3600), maxPerRole: 10)
                _ = try await redis.del(CacheKeys(prefix: "portico:cache:").denied(role))
                for at: Int64 in [1_796_119_200_000, 1_796_211_000_000] {
                    try await denied.record(roleARN: role, action: "s3:GetObject", resource: "arn:aws:s3:::ledger/2026/*", at: at)
                }
                try await denied.record(roleARN: role, action: "s3:ListBucket", resource: "arn:aws:s3:::ledger", at: 1_796_119_200_000)
                try await denied.record(roleARN: role, action: "s3:PutObject", resource: "arn:aws:s3:::ledger/2026/*", at: 1_796_119_200_000)
                do {
                    try await body(stack)
                } catch {
                    await redis.shutdown()
                    throw error
                }
                await redis.shutdown()
            }
        }

        @Test func theRolePageListsItsDeniedCallsMostFrequentFirst() async throws {
            try await Self.withDeniedCalls { stack in
                let admin = try await stack.signIn("root@example.com", groups: [Self.admins])
                let page = try await stack.gateway.request("/api/v2/roles/\(MotoHubAndSpokes.prod)/billing", headers: [admin.bearerHeader])
                try #require(page.status == 200, "\(page.bodyText)")
                let json = try JSONValue(parsing: page.body)
                let errors = try #require(json["cloudtrail_details"]?["errors"]?["cloudtrail_errors"]?.arrayValue)
                #expect(errors.count == 3)
                #expect(errors.first?["event_call"] == "s3:GetObject" && errors.first?["count"] == 2)
                #expect(errors.first?["last_seen"] == "2026-12-02T11:30:00Z")
                #expect(errors.first?["generated_policy"]?["Statement"] == [
                    ["Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::ledger/2026/*"]],
                ])
                #expect(json["cloudtrail_details"]?["error_url"] == .null)
                // Another role has none.
                let other = try await stack.gateway.request(
                    "/api/v2/roles/\(MotoHubAndSpokes.prod)/engineering-readonly", headers: [admin.bearerHeader])
                #expect(try JSONValue(parsing: other.body)["cloudtrail_details"]?["errors"]?["cloudtrail_errors"] == [])
            }
        }

        @Test func requestWhatWasDeniedGeneratesExactlyThoseActionsOnThoseResources() async throws {
            try await Self.withDeniedCalls { stack in
                let admin = try await stack.signIn("root@example.com", groups: [Self.admins])
                let body = #"{"changes":[{"generator_type":"denied_actions","principal":{"principal_type":"AwsResource","principal_arn":"\#(Self.role)"}}]}"#
                let answer = try await stack.gateway.request(
                    "POST", "/api/v2/generate_changes", headers: [admin.bearerHeader, admin.csrfHeader], body: body)
                try #require(answer.status == 200, "\(answer.bodyText)")
                let change = try #require(try JSONValue(parsing: answer.body)["changes"]?.arrayValue?.first)
                #expect(change["principal"]?["principal_arn"]?.stringValue == Self.role)
                let statements = try #require(change["policy"]?["policy_document"]?["Statement"]?.arrayValue)
                var granted: Set<String> = []
                for statement in statements {
                    #expect(statement["Effect"] == "Allow")
                    let actions = statement["Action"]?.arrayValue?.compactMap(\.stringValue) ?? [statement["Action"]?.stringValue].compactMap { $0 }
                    let resources = statement["Resource"]?.arrayValue?.compactMap(\.stringValue) ?? [statement["Resource"]?.stringValue].compactMap { $0 }
                    for action in actions { for resource in resources { granted.insert("\(action.lowercased()) \(resource)") } }
                }
                // The minimizer writes actions in lower case.
                #expect(granted == [
                    "s3:getobject arn:aws:s3:::ledger/2026/*", "s3:putobject arn:aws:s3:::ledger/2026/*", "s3:listbucket arn:aws:s3:::ledger",
                ])

                let none = #"{"changes":[{"generator_type":"denied_actions","principal":{"principal_arn":"\#(MotoHubAndSpokes.Roles.prodAdmin)"}}]}"#
                let empty = try await stack.gateway.request(
                    "POST", "/api/v2/generate_changes", headers: [admin.bearerHeader, admin.csrfHeader], body: none)
                #expect(empty.status == 400 && empty.bodyText.contains("no denied calls"))
                let notRole = #"{"changes":[{"generator_type":"denied_actions","principal":{"principal_arn":"arn:aws:s3:::ledger"}}]}"#
                let refused = try await stack.gateway.request(
                    "POST", "/api/v2/generate_changes", headers: [admin.bearerHeader, admin.csrfHeader], body: notRole)
                #expect(refused.status == 400 && refused.bodyText.contains("principal_arn"))
            }
        }
    }
}
