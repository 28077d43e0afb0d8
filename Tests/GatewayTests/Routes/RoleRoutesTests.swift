import Foundation
import PorticoAPI
import PorticoHTTP
import Testing

extension GatewayBackendTests {
    /// `GET /api/v1/get_roles` and `/api/v2/get_roles`: the caller's eligible roles from the
    /// swept role tags, CLI-only roles only with `all=true`, account names from the cache.
    @Suite struct GetRoles {
        typealias Roles = MotoHubAndSpokes.Roles

        /// The v1 answer: a plain array of ARNs.
        private func arrayBody(_ response: HTTPClient.Response) -> [String]? {
            try? APIJSON.decode([String].self, from: Data(response.body))
        }

        @Test func v1ListsConsoleRolesAndTheCLIOnlyOnesOnlyWithAll() async throws {
            try await GatewayOnStack.with { stack in
                let alice = try await stack.engineer()
                let console = try await stack.gateway.request("/api/v1/get_roles", headers: [alice.bearerHeader])
                #expect(console.status == 200)
                #expect(console.headers.values(for: "Cache-Control") == ["no-store"])
                #expect(arrayBody(console) == Roles.engineeringConsole)
                let all = try await stack.gateway.request("/api/v1/get_roles?all=true", headers: [alice.bearerHeader])
                #expect(arrayBody(all) == Roles.engineeringAll)
            }
        }

        @Test func v2DescribesEachRoleWithItsAccountAndTheCLIOnlyOnesOnlyWithAll() async throws {
            try await GatewayOnStack.with { stack in
                let alice = try await stack.engineer()
                let console = try await stack.gateway.request("/api/v2/get_roles", headers: [alice.bearerHeader])
                #expect(console.status == 200)
                let listing = try console.decoded(RoleListResponse.self)
                #expect(listing.status == "success")
                #expect(listing.statusCode == 200)
                #expect(listing.data.roles.map(\.arn) == Roles.engineeringConsole)
                let prodAdmin = try #require(listing.data.roles.first { $0.arn == Roles.prodAdmin })
                #expect(prodAdmin == RoleListResponse.Role(
                    arn: Roles.prodAdmin, accountID: MotoHubAndSpokes.prod, accountFriendlyName: "prod",
                    roleName: "engineering-admin"))

                let all = try await stack.gateway.request("/api/v2/get_roles?all=true", headers: [alice.bearerHeader])
                let allRoles = try all.decoded(RoleListResponse.self).data.roles
                #expect(allRoles.map(\.arn) == Roles.engineeringAll)
                let pipeline = try #require(allRoles.first { $0.arn == Roles.stagingPipeline })
                #expect(pipeline.accountFriendlyName == "staging" && pipeline.roleName == "data-pipeline")
            }
        }

        @Test func eachPersonSeesOnlyTheirOwnRoles() async throws {
            try await GatewayOnStack.with { stack in
                let fiona = try await stack.financeUser()
                let response = try await stack.gateway.request("/api/v1/get_roles?all=true", headers: [fiona.bearerHeader])
                #expect(arrayBody(response) == [Roles.prodBilling])
            }
        }

        @Test func repeatedRequestsAreAnsweredFromTheGatewaysCache() async throws {
            try await GatewayOnStack.with { stack in
                let alice = try await stack.engineer()
                for path in ["/api/v1/get_roles", "/api/v2/get_roles?all=true", "/api/v1/get_roles"] {
                    #expect(try await stack.gateway.request(path, headers: [alice.bearerHeader]).status == 200)
                }
                let lookups = #"portico_gateway_cache_lookups_total{cache="eligible_roles",result="#
                #expect(try await stack.gateway.metric(lookups + #""miss"}"#) == 1)
                #expect(try await stack.gateway.metric(lookups + #""hit"}"#) == 2)
                #expect(try await stack.gateway.metric(
                    #"portico_gateway_requests_total{route="get_roles_v1",outcome="ok"}"#) == 2)
            }
        }
    }
}
