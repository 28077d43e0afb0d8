import CacheService
import PorticoCore
import PorticoTestSupport
import Proto
import Testing

extension InventorySweepTests {
    /// The `Cache` service of `cache.proto`, called over the wire protocol with a service token.
    @Suite struct CacheRPCTests {
        var cache: CacheClient { get throws { CacheClient(rpc: try SweptEstate.require().client) } }
        var account: String { SweptEstate.healthy[0] }

        @Test func getRoleAnswersTheRoleOrNotFound() async throws {
            let cache = try cache
            let response = try await cache.getRole(CacheGetRoleRequest(arn: SeedPlan.roleARN(account, "admin")))
            let role = try #require(response.role)
            #expect(role.name == "admin" && role.accountID == account && role.type == "role")
            #expect(role.tags["env"] == "prod")
            #expect(role.inlinePolicies.map(\.name) == ["inline"])
            #expect(role.attributes["maxSessionDuration"] == "7200")

            let missing = await #expect(throws: RPCError.self) {
                _ = try await cache.getRole(CacheGetRoleRequest(arn: SeedPlan.roleARN(account, "absent")))
            }
            #expect(missing?.code == .notFound)
            let invalid = await #expect(throws: RPCError.self) {
                _ = try await cache.getRole(CacheGetRoleRequest(arn: SeedPlan.bucketARN(account, 0)))
            }
            #expect(invalid?.code == .invalidArgument)
        }

        @Test func getResourceAnswersBucketsQueuesAndTopicsWithPolicies() async throws {
            let cache = try cache
            for arn in [SeedPlan.bucketARN(account, 1), SeedPlan.queueARN(account, 1), SeedPlan.topicARN(account, 1)] {
                let item = try #require(try await cache.getResource(CacheGetResourceRequest(arn: arn)).resource)
                #expect(item.arn == arn)
                #expect(!item.policyDocument.isEmpty)
                #expect(!item.tags.isEmpty)
            }
        }

        @Test func listResourcesPagesWithFiltersAndRefusesOversizedPages() async throws {
            let cache = try cache
            var names: [String] = []
            var cursor = ""
            repeat {
                let page = try await cache.listResources(CacheListResourcesRequest(
                    types: ["role"], tagKey: "env", tagValue: "prod", page: PageRequest(cursor: cursor, limit: 3)))
                #expect(page.items.count <= 3)
                names += page.items.map(\.name)
                cursor = page.page?.nextCursor ?? ""
            } while !cursor.isEmpty
            #expect(names.count == 2 * SweptEstate.healthy.count)
            #expect(Set(names) == ["admin", "service"])

            let tooBig = await #expect(throws: RPCError.self) {
                _ = try await cache.listResources(CacheListResourcesRequest(page: PageRequest(limit: 1000)))
            }
            #expect(tooBig?.code == .invalidArgument)
            let badCursor = await #expect(throws: RPCError.self) {
                _ = try await cache.listResources(CacheListResourcesRequest(page: PageRequest(cursor: "%%%")))
            }
            #expect(badCursor?.code == .invalidArgument)
        }

        @Test func typeaheadAccountsAndEligibleRolesAnswerOverTheWire() async throws {
            let cache = try cache
            let suggestions = try await cache.typeahead(CacheTypeaheadRequest(prefix: "adm", limit: 3))
            #expect(suggestions.suggestions.count == 3)
            #expect(suggestions.suggestions.allSatisfy { $0.name == "admin" && $0.type == "role" })

            let accounts = try await cache.listAccounts(CacheListAccountsRequest(page: PageRequest(limit: 2)))
            #expect(accounts.accounts.map(\.id) == Array(SweptEstate.healthy.prefix(2)))
            #expect(accounts.page?.nextCursor == SweptEstate.healthy[1])

            let roles = try await cache.eligibleRoles(CacheEligibleRolesRequest(
                principal: Principal(user: "nobody@example.com", groups: ["team-readers"])))
            #expect(roles.roles.count == SweptEstate.healthy.count)
            #expect(roles.roles.allSatisfy { $0.cliOnly })

            let empty = await #expect(throws: RPCError.self) {
                _ = try await cache.eligibleRoles(CacheEligibleRolesRequest())
            }
            #expect(empty?.code == .invalidArgument)
        }

        @Test func refreshWaitsUntilTheSweepsAreDoneAndStatusFollowsThem() async throws {
            let cache = try cache
            let account = SweptEstate.healthy[4]
            let before = try await cache.sweepStatus(CacheSweepStatusRequest(accountIDs: [account]))
            let iamBefore = try #require(before.scopes.first { $0.kind == "iam" })
            #expect(iamBefore.lastSuccessUnixMs > 0 && iamBefore.itemCount == 4 && iamBefore.lastError.isEmpty)

            let refresh = try await cache.refresh(CacheRefreshRequest(scope: .account, target: account, waitSeconds: 60),
                options: CallOptions(timeout: .seconds(90)))
            #expect(refresh.finished)
            #expect(Set(refresh.jobs.map(\.scope)) == ["iam", "s3", "sqs:us-east-1", "sns:us-east-1", "config:us-east-1"])
            #expect(refresh.jobs.allSatisfy { $0.state == .done && $0.accountID == account })

            let status = try await cache.refreshStatus(CacheRefreshStatusRequest(jobIDs: refresh.jobs.map(\.id)))
            #expect(status.finished && status.jobs.map(\.id) == refresh.jobs.map(\.id))
            let unknown = try await cache.refreshStatus(CacheRefreshStatusRequest(jobIDs: ["1-unknown"]))
            #expect(unknown.jobs.first?.state == .unspecified && !unknown.finished)

            let after = try await cache.sweepStatus(CacheSweepStatusRequest(accountIDs: [account]))
            let iamAfter = try #require(after.scopes.first { $0.kind == "iam" })
            #expect(iamAfter.lastSuccessUnixMs > iamBefore.lastSuccessUnixMs)

            let unspecified = await #expect(throws: RPCError.self) {
                _ = try await cache.refresh(CacheRefreshRequest())
            }
            #expect(unspecified?.code == .invalidArgument)
        }

        @Test func aCallerWithoutTheSharedSecretIsRefused() async throws {
            let estate = try SweptEstate.require()
            let stranger = try RPCClient(
                configuration: RPCClient.Configuration(endpoints: [HostPort(host: "127.0.0.1", port: try await estate.rpc.localPort)]),
                tokens: try ServiceTokenIssuer(identity: "stranger", secret: "not-the-secret"), logger: TestLogging.logger("stranger"))
            let refused = await #expect(throws: RPCError.self) {
                _ = try await CacheClient(rpc: stranger).getRole(CacheGetRoleRequest(arn: SeedPlan.roleARN(estate.cacheAccount, "admin")))
            }
            #expect(refused?.code == .unauthenticated)
            await stranger.close()
        }
    }
}

extension SweptEstate {
    var cacheAccount: String { Self.healthy[0] }
}
