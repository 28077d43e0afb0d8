import Foundation
import PorticoAPI
import PorticoAWS
import PorticoHTTP
import Testing

extension GatewayBackendTests {
    /// The inventory routes through the gateway over the swept signed-moto estate: the policies
    /// table (filters, sort, cursor, CSV), role/resource pages with what moto holds, force_refresh
    /// after a tag change in moto, and roles hidden by `roles.allowed_arns` from callers without
    /// `can_admin` in every route.
    @Suite struct Inventory {
        typealias Roles = MotoHubAndSpokes.Roles
        static let admins = "cloud-admins@example.com"
        static let spoke = "arn:aws:iam::\(MotoHubAndSpokes.prod):role/\(MotoHubAndSpokes.spokeRoleName)"

        static func withGateway(_ body: (GatewayOnStack) async throws -> Void) async throws {
            try await GatewayOnStack.with(configure: { $0.groups.canAdmin = [admins] }, body)
        }

        func table(
            _ stack: GatewayOnStack, _ user: SignedInUser, _ query: PoliciesTableQuery, format: String = ""
        ) async throws -> HTTPClient.Response {
            let body = String(decoding: try APIJSON.encode(query), as: UTF8.self)
            return try await stack.gateway.request(
                "POST", "/api/v2/policies" + format, headers: [user.bearerHeader, user.csrfHeader, ("Content-Type", "application/json")],
                body: body)
        }

        @Test func thePoliciesTableFiltersSortsPagesAndExportsCSV() async throws {
            try await Self.withGateway { stack in
                let admin = try await stack.signIn("root@example.com", groups: [Self.admins])
                let roles = try await table(stack, admin, PoliciesTableQuery(
                    filters: ["account_name": "^prod$", "technology": "AWS::IAM::Role"], limit: 2, sort: "arn", order: "desc"))
                #expect(roles.status == 200)
                let first = try roles.decoded(PoliciesTablePage.self)
                let prodRoles = [Roles.prodAdmin, Roles.prodReadOnly, Roles.prodBilling, Self.spoke].sorted { $0.lowercased() > $1.lowercased() }
                #expect(first.filteredCount == prodRoles.count && first.totalCount == prodRoles.count)
                #expect(first.data.map(\.arn) == Array(prodRoles.prefix(2)))
                #expect(first.data.allSatisfy { $0.accountName == "prod" && $0.technology == "AWS::IAM::Role" })
                let cursor = try #require(first.nextCursor)
                let second = try await table(stack, admin, PoliciesTableQuery(
                    filters: ["account_name": "^prod$", "technology": "AWS::IAM::Role"], limit: 2, sort: "arn", order: "desc",
                    cursor: cursor))
                let rest = try second.decoded(PoliciesTablePage.self)
                #expect(rest.data.map(\.arn) == Array(prodRoles.dropFirst(2)) && rest.nextCursor == nil)

                let substring = try await table(stack, admin, PoliciesTableQuery(filters: ["arn": "ENGINEERING-"]))
                #expect(Set(try substring.decoded(PoliciesTablePage.self).data.map(\.arn))
                    == [Roles.prodAdmin, Roles.prodReadOnly, Roles.stagingAdmin])

                let export = try await table(stack, admin, PoliciesTableQuery(filters: ["technology": "^aws::iam::role$"]), format: "?format=csv")
                #expect(export.status == 200)
                #expect(export.headers.values(for: "Content-Type").first?.hasPrefix("text/csv") == true)
                let lines = export.bodyText.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
                #expect(lines.first == ["account_id", "account_name", "arn", "technology"])
                #expect(lines.dropFirst().allSatisfy { $0.count == 4 && $0[3] == "AWS::IAM::Role" })
                #expect(Set(lines.dropFirst().map { String($0[2]) }) == Set(Roles.tagged.map(\.arn) + [Self.spoke, Self.spoke.replacingOccurrences(of: MotoHubAndSpokes.prod, with: MotoHubAndSpokes.staging)]))

                for bad in [PoliciesTableQuery(filters: ["arn": "engineering-(admin|readonly)"]), PoliciesTableQuery(filters: ["owner": "x"]),
                            PoliciesTableQuery(limit: 0), PoliciesTableQuery(cursor: "garbage")] {
                    let refused = try await table(stack, admin, bad)
                    #expect(refused.status == 400, "\(bad)")
                }
                let arrayFilter = try await stack.gateway.request(
                    "POST", "/api/v2/policies", headers: [admin.bearerHeader, admin.csrfHeader], body: #"{"filters":{"arn":["a","b"]}}"#)
                #expect(arrayFilter.status == 400 && arrayFilter.bodyText.contains("filters.arn"))
            }
        }

        @Test func rolePagesShowWhatMotoHoldsAndForceRefreshSeesANewTag() async throws {
            try await Self.withGateway { stack in
                let alice = try await stack.engineer()
                let page = try await stack.gateway.request(
                    "/api/v2/roles/\(MotoHubAndSpokes.prod)/engineering-readonly", headers: [alice.bearerHeader])
                #expect(page.status == 200)
                let role = try #require(try JSONSerialization.jsonObject(with: Data(page.body)) as? [String: Any])
                #expect(role["arn"] as? String == Roles.prodReadOnly && role["account_name"] as? String == "prod")
                #expect(role["templated"] as? Bool == false)
                let trust = try #require(role["assume_role_policy_document"] as? [String: Any])
                #expect((trust["Statement"] as? [[String: Any]])?.first?["Action"] as? String == "sts:AssumeRole")
                #expect((role["tags"] as? [[String: String]]) == [["Key": "consoleme-authorized", "Value": "engineering@example.com:auditors@example.com"]])
                let grants = try #require(role["credential_grants"] as? [[String: Any]])
                #expect(grants.compactMap { $0["principal"] as? String } == ["auditors@example.com", "engineering@example.com"])
                #expect(role["last_swept"] is String && role["pending_requests"] as? [Any] != nil)

                // A tag changed in moto: seen on force_refresh, not before.
                let iam = stack.stack.moto.iam(inAccount: MotoHubAndSpokes.prod, http: stack.stack.http, logger: quietLogger)
                try await iam.tagRole(name: "engineering-readonly", tags: [AWSTag(key: "owner", value: "team-audit")])
                let refreshed = try await stack.gateway.request(
                    "/api/v2/roles/\(MotoHubAndSpokes.prod)/engineering-readonly?force_refresh=true", headers: [alice.bearerHeader])
                #expect(refreshed.status == 200)
                let tags = try #require((try JSONSerialization.jsonObject(with: Data(refreshed.body)) as? [String: Any])?["tags"] as? [[String: String]])
                #expect(tags.contains(["Key": "owner", "Value": "team-audit"]))
                try await iam.untagRole(name: "engineering-readonly", tagKeys: ["owner"])
                _ = try await stack.gateway.request(
                    "/api/v2/roles/\(MotoHubAndSpokes.prod)/engineering-readonly?force_refresh=true", headers: [alice.bearerHeader])

                let missing = try await stack.gateway.request("/api/v2/roles/\(MotoHubAndSpokes.prod)/nobody", headers: [alice.bearerHeader])
                #expect(missing.status == 404)
                let badAccount = try await stack.gateway.request("/api/v2/roles/12345/engineering-admin", headers: [alice.bearerHeader])
                #expect(badAccount.status == 400)
                let url = try await stack.gateway.request("/api/v2/get_resource_url?arn=\(Roles.prodAdmin)", headers: [alice.bearerHeader])
                #expect(url.bodyText.contains("/policies/edit/\(MotoHubAndSpokes.prod)/iamrole/engineering-admin"))
            }
        }

        @Test func aRestrictedPersonNeverSeesAHiddenRoleInAnyRoute() async throws {
            try await Self.withGateway { stack in
                let alice = try await stack.engineer()
                let admin = try await stack.signIn("root@example.com", groups: [Self.admins])
                let all = PoliciesTableQuery(filters: ["arn": ":role/"], limit: 1000)
                let seen = try await table(stack, alice, all).decoded(PoliciesTablePage.self)
                #expect(Set(seen.data.map(\.arn)) == Set(Roles.tagged.map(\.arn)) && seen.totalCount == Roles.tagged.count)
                let adminSeen = try await table(stack, admin, all).decoded(PoliciesTablePage.self)
                #expect(adminSeen.data.map(\.arn).contains(Self.spoke))
                let csv = try await table(stack, alice, PoliciesTableQuery(filters: ["arn": "porticospoke"]), format: "?format=csv")
                #expect(csv.bodyText == "account_id,account_name,arn,technology\r\n")
                for path in [
                    "/api/v2/roles/\(MotoHubAndSpokes.prod)/\(MotoHubAndSpokes.spokeRoleName)",
                    "/api/v2/roles/\(MotoHubAndSpokes.prod)/\(MotoHubAndSpokes.spokeRoleName)?force_refresh=true",
                    "/api/v2/get_resource_url?arn=\(Self.spoke)", "/api/v2/managed_policies_on_principal/\(Self.spoke)",
                ] {
                    #expect(try await stack.gateway.request(path, headers: [alice.bearerHeader]).status == 404, "\(path)")
                    #expect(try await stack.gateway.request(path, headers: [admin.bearerHeader]).status == 200, "\(path)")
                }
            }
        }
    }
}
