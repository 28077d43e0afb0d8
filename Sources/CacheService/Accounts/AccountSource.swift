import Logging
import PorticoAWS

/// Where the list of accounts comes from: the `accounts` map of the configuration, or AWS
/// Organizations (`ListAccounts` in each management account, through its spoke role; only
/// ACTIVE accounts are swept).
enum AccountSource: Sendable {
    case configured([String: String])
    case organizations(managementAccounts: [String], spokes: SpokeSessions)

    /// The accounts, sorted by id. Invalid ids in the configuration are skipped with a warning.
    func accounts(logger: Logger, calls: AWSCallTally) async throws -> [CachedAccount] {
        switch self {
        case .configured(let map):
            return map.compactMap { id, name -> CachedAccount? in
                guard AccountID.isValid(id) else {
                    logger.warning("configured account id is not 12 digits; skipped", metadata: ["account": "\(id.prefix(40))"])
                    return nil
                }
                return CachedAccount(id: id, name: name.isEmpty ? id : name, source: "config")
            }.sorted { $0.id < $1.id }
        case .organizations(let management, let spokes):
            var found: [String: CachedAccount] = [:]
            for account in management {
                let organizations = OrganizationsClient(client: spokes.client(account: account))
                var iterator = try organizations.listAccountsPages().makeAsyncIterator()
                while let page = try await calls.call({ try await iterator.next() }) {
                    for member in page where member.status == "ACTIVE" && AccountID.isValid(member.id) {
                        found[member.id] = CachedAccount(
                            id: member.id, name: member.name.isEmpty ? member.id : member.name, source: "organizations",
                            status: member.status)
                    }
                }
            }
            return found.values.sorted { $0.id < $1.id }
        }
    }
}
