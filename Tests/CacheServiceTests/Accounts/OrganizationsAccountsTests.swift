import CacheService
import PorticoTestSupport
import Testing

@testable import PorticoAWS

/// Accounts from AWS Organizations: the cache lists the organization's accounts through the
/// management account's spoke role, caches them with their names, and sweeps them.
@Suite struct OrganizationsAccountsTests {
    static let management = "123456789012"

    @Test func theOrganizationsAccountsAreCachedWithNamesAndSwept() async throws {
        let moto = try await SeededMoto.startUnsigned()
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let organizations = moto.client(account: Self.management)
        _ = try await JSONProtocol.call(
            organizations, service: .organizations, version: .v1_1, operation: "CreateOrganization", body: ["FeatureSet": "ALL"])
        var created: [String: String] = [:]
        for name in ["payments", "analytics"] {
            let answer = try await JSONProtocol.call(
                organizations, service: .organizations, version: .v1_1, operation: "CreateAccount",
                body: ["Email": .string("\(name)@example.com"), "AccountName": .string(name)])
            let id = try #require(answer["CreateAccountStatus"]?["AccountId"]?.stringValue)
            created[id] = name
        }
        var configuration = RunningCache.configuration(
            redis: redis, awsEndpoint: moto.endpoint, dynamoEndpoint: moto.endpoint, accounts: [])
        configuration.organizations.enabled = true
        configuration.organizations.managementAccounts = [Self.management]
        let cache = RunningCache(configuration: configuration, name: "organizations")
        do {
            try await awaitCondition("the organization's accounts are swept", timeout: 60, every: 0.1) {
                try await cache.queries.everyScopeSwept(accounts: Array(created.keys) + [Self.management])
            }
            let accounts = try await cache.queries.accounts().accounts
            #expect(Set(accounts.map(\.id)) == Set(created.keys).union([Self.management]))
            for account in accounts where account.id != Self.management {
                #expect(account.name == created[account.id])
                #expect(account.source == "organizations" && account.status == "ACTIVE")
            }
        } catch {
            await cache.stop()
            await moto.stopWithClient()
            throw error
        }
        await cache.stop()
        await moto.stopWithClient()
    }
}
