import CacheService
import PorticoCore
import PorticoTestSupport
import Proto
import Testing

extension InventorySweepTests {
    /// The policies table (`Cache/QueryInventory`) and the item detail (`Cache/GetItemDetail`)
    /// over the swept estate, through the wire protocol.
    @Suite struct InventoryTableTests {
        var cache: CacheClient { get throws { CacheClient(rpc: try SweptEstate.require().client) } }
        var account: String { SweptEstate.healthy[0] }

        func all(
            _ cache: CacheClient, _ filters: [CacheInventoryFilter], sort: String = "", descending: Bool = false, limit: UInt32 = 0,
            restricted: Bool = false
        ) async throws -> (rows: [CacheInventoryRow], totals: Set<UInt64>, pages: Int) {
            var rows: [CacheInventoryRow] = []
            var totals: Set<UInt64> = []
            var cursor = ""
            var pages = 0
            repeat {
                let page = try await cache.queryInventory(CacheInventoryQueryRequest(
                    filters: filters, sort: sort, descending: descending, page: PageRequest(cursor: cursor, limit: limit),
                    restricted: restricted))
                rows += page.rows
                totals.insert(page.total)
                cursor = page.page?.nextCursor ?? ""
                pages += 1
            } while !cursor.isEmpty
            return (rows, totals, pages)
        }

        @Test func filtersByAccountTechnologyAndARNSubstringWithATotalBeforeTheLimit() async throws {
            let cache = try cache
            let roles = try await all(cache, [
                CacheInventoryFilter(column: "account_id", pattern: "^\(account)$"),
                CacheInventoryFilter(column: "technology", pattern: "^aws::iam::role$"),
            ])
            #expect(Set(roles.rows.map(\.name)).isSuperset(of: ["admin", "readonly", "service"]))
            #expect(roles.rows.allSatisfy { $0.accountID == account && $0.technology == "AWS::IAM::Role" })
            #expect(roles.rows.allSatisfy { $0.accountName == "account-\(account.suffix(3))" })
            #expect(roles.totals == [UInt64(roles.rows.count)])

            let queues = try await all(cache, [CacheInventoryFilter(column: "arn", pattern: "QUEUE-1")])
            #expect(Set(queues.rows.map(\.arn)) == Set(SweptEstate.healthy.map { SeedPlan.queueARN($0, 1) }))
            let suffix = try await all(cache, [CacheInventoryFilter(column: "arn", pattern: ":topic-0$")])
            #expect(suffix.rows.count == SweptEstate.healthy.count && suffix.rows.allSatisfy { $0.technology == "AWS::SNS::Topic" })
            let groups = try await all(cache, [CacheInventoryFilter(column: "arn", pattern: ":group/")])
            #expect(groups.rows.isEmpty)
        }

        @Test func pagesWithACursorInEitherOrderAndSortsByAnyColumn() async throws {
            let cache = try cache
            let filters = [CacheInventoryFilter(column: "technology", pattern: "^aws::s")]
            let whole = try await all(cache, filters, limit: 1000)
            #expect(whole.pages == 1 && whole.rows.count >= 6 * SweptEstate.healthy.count)
            #expect(whole.rows.map { $0.arn.lowercased() } == whole.rows.map { $0.arn.lowercased() }.sorted())
            let paged = try await all(cache, filters, limit: 3)
            #expect(paged.rows == whole.rows && paged.pages == (whole.rows.count + 2) / 3)
            #expect(paged.totals == [UInt64(whole.rows.count)])

            let byAccount = try await all(cache, filters, sort: "account_id", descending: true, limit: 7)
            #expect(byAccount.rows.map(\.accountID) == whole.rows.map(\.accountID).sorted(by: >))
            #expect(Set(byAccount.rows.map(\.arn)) == Set(whole.rows.map(\.arn)))
            let byTechnology = try await all(cache, filters, sort: "technology", limit: 5)
            #expect(byTechnology.rows.map(\.technology) == whole.rows.map(\.technology).sorted())
        }

        @Test func badPatternsColumnsAndCursorsAreRefusedNamingTheFilter() async throws {
            let cache = try cache
            for (column, pattern, named) in [
                ("arn", "role/(admin|ops)", "filters.arn"), ("arn", ".*admin", "filters.arn"), ("owner", "x", "filters.owner"),
                ("account_id", "1^2", "filters.account_id"),
            ] {
                let refused = await #expect(throws: RPCError.self) {
                    _ = try await cache.queryInventory(CacheInventoryQueryRequest(
                        filters: [CacheInventoryFilter(column: column, pattern: pattern)]))
                }
                #expect(refused?.code == .invalidArgument)
                #expect(refused?.message.contains(named) == true, "\(refused?.message ?? "")")
            }
            for request in [
                CacheInventoryQueryRequest(sort: "owner"), CacheInventoryQueryRequest(page: PageRequest(cursor: "not-a-cursor")),
                CacheInventoryQueryRequest(page: PageRequest(limit: 5000)),
            ] {
                let refused = await #expect(throws: RPCError.self) { _ = try await cache.queryInventory(request) }
                #expect(refused?.code == .invalidArgument)
            }
        }

        @Test func theDetailOfARoleNamesWhoMayGetCredentialsAndWhenItWasSwept() async throws {
            let cache = try cache
            let detail = try await cache.getItemDetail(CacheItemDetailRequest(arn: SeedPlan.roleARN(account, "readonly")))
            #expect(detail.item?.name == "readonly")
            #expect(detail.accountName == "account-\(account.suffix(3))")
            #expect(detail.sweptAtUnixMs > 1_700_000_000_000)
            #expect(detail.credentialGrants == [
                CacheCredentialGrant(principal: "bob@example.com", cliOnly: false, source: "tag:consoleme-authorized"),
                CacheCredentialGrant(principal: "team-readers", cliOnly: true, source: "tag:consoleme-authorized-cli-only"),
            ])
            let mapped = try await cache.getItemDetail(CacheItemDetailRequest(arn: SeedPlan.roleARN(account, "service")))
            #expect(mapped.credentialGrants == [CacheCredentialGrant(principal: "ops-team", cliOnly: false, source: "group_mapping")])
            let missing = await #expect(throws: RPCError.self) {
                _ = try await cache.getItemDetail(CacheItemDetailRequest(arn: SeedPlan.roleARN(account, "absent")))
            }
            #expect(missing?.code == .notFound)
        }

        @Test func aRestrictedCallerNeverSeesARoleHiddenByAllowedTags() async throws {
            let estate = try SweptEstate.require()
            var settings = estate.cache.runtime.settings
            settings.visibility = RoleVisibility(allowedTags: ["env": "prod"], allowedARNs: [SeedPlan.roleARN(account, "rotating")])
            let queries = CacheQueries(redis: estate.cache.runtime.redis, settings: settings, logger: TestLogging.logger("portico.tests.table"))
            let filters = [
                try InventoryFilter(column: "account_id", pattern: account), try InventoryFilter(column: "technology", pattern: "role"),
            ]
            let restricted = try await queries.table(InventoryTable.Query(filters: filters, limit: 100, restricted: true))
            #expect(Set(restricted.rows.map(\.row.name)) == ["admin", "service", "rotating"])
            #expect(restricted.total == 3)
            let admin = try await queries.table(InventoryTable.Query(filters: filters, limit: 100, restricted: false))
            #expect(Set(admin.rows.map(\.row.name)).isSuperset(of: ["admin", "service", "rotating", "readonly"]))
            #expect(try await queries.detail(arn: SeedPlan.roleARN(account, "readonly"), restricted: true) == nil)
            #expect(try await queries.detail(arn: SeedPlan.roleARN(account, "readonly"), restricted: false) != nil)
            #expect(try await queries.detail(arn: SeedPlan.bucketARN(account, 0), restricted: true) != nil)
        }
    }
}
