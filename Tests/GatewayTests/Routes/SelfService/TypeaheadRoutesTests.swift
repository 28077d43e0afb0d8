import Foundation
import PorticoAWS
import PorticoCore
import PorticoTestSupport
import Proto
import Testing

extension GatewayBackendTests {
    /// ConsoleMe's typeahead routes through the gateway over the cache's inventory of moto:
    /// name-prefix matches before substring ones, limited, in ConsoleMe's shapes; roles that
    /// `roles:` hides only for callers with `can_admin`; a person's own roles first among the
    /// self-service principals.
    @Suite struct Typeahead {
        static let admins = "typeahead-admins@example.com"

        static func titles(_ stack: GatewayOnStack, _ user: SignedInUser, _ path: String) async throws -> [String] {
            let response = try await stack.gateway.request(path, headers: [user.bearerHeader])
            #expect(response.status == 200, "\(path): \(response.bodyText)")
            return try JSONValue(parsing: response.body).arrayValue?.compactMap { $0["title"]?.stringValue ?? $0.stringValue } ?? []
        }

        @Test func policiesTypeaheadRanksPrefixMatchesFirstAndHidesHiddenRolesFromNonAdmins() async throws {
            try await GatewayOnStack.with(configure: { $0.groups.canAdmin = [Self.admins] }) { stack in
                let alice = try await stack.engineer()
                let admin = try await stack.signIn("root@example.com", groups: [Self.admins])
                let id = UUID().uuidString.prefix(8).lowercased()
                // Two buckets in staging: one whose name starts with the text, one that only contains it.
                let hub = AWSClient(
                    configuration: AWSConfiguration(endpointURL: stack.stack.moto.endpoint, maxAttempts: 1),
                    credentials: StaticCredentialProvider(stack.stack.moto.hubKey), http: stack.stack.http, logger: quietLogger)
                let s3 = S3Client(client: SpokeSessions(hub: hub, roleName: MotoHubAndSpokes.spokeRoleName).client(account: MotoHubAndSpokes.staging))
                for bucket in ["app-logs-\(id)", "logs-\(id)"] {
                    try await s3.createBucket(bucket: bucket)
                    _ = try await stack.stack.cache.refreshItem(
                        CacheRefreshItemRequest(arn: "arn:aws:s3:::\(bucket)", waitSeconds: 20, accountID: MotoHubAndSpokes.staging))
                }

                #expect(try await Self.titles(stack, alice, "/policies/typeahead?resource=s3&search=logs-\(id)") == ["logs-\(id)", "app-logs-\(id)"])
                #expect(try await Self.titles(stack, alice, "/api/v1/policies/typeahead?resource=s3&search=LOGS-\(id)&limit=1&show_full_arn_for_s3_buckets=true")
                    == ["arn:aws:s3:::logs-\(id)"])
                let buckets = try await stack.gateway.request("/policies/typeahead?resource=s3&search=logs-\(id)", headers: [alice.bearerHeader])
                #expect(try JSONValue(parsing: buckets.body).arrayValue?.first?["account_id"] == .string(MotoHubAndSpokes.staging))

                let Roles = MotoHubAndSpokes.Roles.self
                #expect(try await Self.titles(stack, alice, "/policies/typeahead?resource=iam_arn&search=engineering")
                    == [Roles.prodAdmin, Roles.stagingAdmin, Roles.prodReadOnly])
                #expect(try await Self.titles(stack, alice, "/policies/typeahead?resource=iam_arn&search=admin&account_id=\(MotoHubAndSpokes.staging)")
                    == [Roles.stagingAdmin])
                #expect(try await Self.titles(stack, alice, "/policies/typeahead?resource=iam_role&search=engineering-a") == ["engineering-admin"])
                #expect(try await Self.titles(stack, alice, "/policies/typeahead?resource=iam_arn&search=porticospoke") == [])
                #expect(try await Self.titles(stack, admin, "/policies/typeahead?resource=iam_arn&search=porticospoke").count == 2)
                #expect(try await Self.titles(stack, alice, "/policies/typeahead?resource=account&search=stag") == ["staging (\(MotoHubAndSpokes.staging))"])

                for (path, status) in [
                    ("/policies/typeahead?resource=s3", 400), ("/policies/typeahead?search=x", 400),
                    ("/policies/typeahead?resource=app&search=x", 404), ("/policies/typeahead?resource=s3&search=x&limit=0", 400),
                    ("/policies/typeahead?resource=s3&search=x&account_id=12", 400),
                ] {
                    #expect(try await stack.gateway.request(path, headers: [alice.bearerHeader]).status == status, "\(path)")
                }

                #expect(try await Self.titles(stack, alice, "/api/v2/typeahead/resources?typeahead=logs-\(id)&resource_type=s3")
                    == ["arn:aws:s3:::logs-\(id)", "arn:aws:s3:::app-logs-\(id)"])
                #expect(try await Self.titles(stack, alice, "/api/v2/typeahead/resources?typeahead=pipeline&ui_formatted=true") == [Roles.stagingPipeline])
                #expect(try await Self.titles(stack, alice, "/api/v2/typeahead/resources?typeahead=") == [])
            }
        }

        @Test func selfServiceResourcesPutThePersonsOwnRolesFirst() async throws {
            try await GatewayOnStack.with { stack in
                let fiona = try await stack.financeUser()
                let response = try await stack.gateway.request("/api/v2/typeahead/self_service_resources?typeahead=i&limit=3", headers: [fiona.bearerHeader])
                #expect(response.status == 200, "\(response.bodyText)")
                let principals = try #require(try JSONValue(parsing: response.body).arrayValue)
                #expect(principals.count == 3)
                // billing is fiona's; the engineers' roles follow, spoke roles never (she lacks can_admin).
                #expect(principals.first?["display_text"] == "billing")
                #expect(principals.first?["principal"]?["principal_arn"] == .string(MotoHubAndSpokes.Roles.prodBilling))
                #expect(principals.first?["details_endpoint"] == .string("/api/v2/roles/\(MotoHubAndSpokes.prod)/billing"))
                #expect(principals.allSatisfy { $0["display_text"] != "PorticoSpoke" })
                let none = try await stack.gateway.request("/api/v2/typeahead/self_service_resources", headers: [fiona.bearerHeader])
                #expect(try JSONValue(parsing: none.body) == [])
            }
        }
    }
}
