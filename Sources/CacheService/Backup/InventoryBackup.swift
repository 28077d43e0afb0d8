import Foundation
import Logging
import PorticoAWS

/// The cache's copy in DynamoDB: roles in the role table (`consoleme_iamroles_global` by
/// default, ConsoleMe's key schema: `arn` + `accountId`, the item JSON in `policy`), everything
/// else, each scope's sweep status and the account list in the inventory table (same schema).
/// A sweep writes only the items that changed since the previous generation and deletes the
/// ones that went away, so a steady estate costs few writes. `InventoryRestore` reads it all
/// back into an empty Redis.
struct InventoryBackup: Sendable {
    let dynamo: DynamoDBClient
    let settings: CacheSettings
    let logger: Logger

    /// Key prefixes of the bookkeeping rows in the inventory table.
    static let statusPrefix = "portico:status:"
    static let accountMarker = "portico:account"

    func table(for type: InventoryType) -> String {
        type == .role ? settings.rolesTable : settings.inventoryTable
    }

    /// Creates both tables when `dynamodb.create_tables` is on and they are missing.
    func ensureTables() async throws {
        guard settings.createTables else { return }
        for name in Set([settings.rolesTable, settings.inventoryTable]) {
            do {
                _ = try await dynamo.describeTable(name: name)
            } catch let error as AWSError where error.code == "ResourceNotFoundException" {
                do {
                    _ = try await dynamo.createTable(DynamoTableDefinition(
                        name: name, partitionKey: .init("arn"), sortKey: .init("accountId")))
                    logger.info("created DynamoDB table", metadata: ["table": "\(name)"])
                } catch let error as AWSError where error.code == "ResourceInUseException" {
                    continue  // another replica created it meanwhile
                }
            }
        }
    }

    /// Writes a generation's changes: items new or changed since `previous` (ARN → digest of
    /// the previous generation; nil: write every item), and deletions of `previous` items gone now.
    /// Returns the number of writes and deletions.
    @discardableResult
    func save(
        _ written: GenerationWriter.Written, scope: SweepScope, sequence: Int64, previous: [String: String]?,
        previousTypes: [String: InventoryType]
    ) async throws -> Int {
        let changed = written.items.filter { previous?[$0.arn] != written.digests[$0.arn] }
        let removed = (previous ?? [:]).keys.filter { written.digests[$0] == nil }
        let now = Int(Date().timeIntervalSince1970)
        try await concurrentMap(changed, limit: settings.awsConcurrency) { item in
            guard let json = written.encoded[item.arn], let digest = written.digests[item.arn] else { return }
            let record: DynamoItem = [
                "arn": .string(item.arn), "accountId": .string(item.accountID), "scope": .string(scope.field),
                "type": .string(item.type.rawValue), "name": .string(item.name),
                "policy": .string(String(decoding: json, as: UTF8.self)), "hash": .string(digest), "updatedAt": .int(now),
                "seq": .number(String(sequence)),
            ]
            try await ifNotNewer { try await dynamo.putItem(table: table(for: item.type), item: record, condition: notNewer(sequence)) }
        }
        try await concurrentMap(removed, limit: settings.awsConcurrency) { arn in
            let type = previousTypes[arn] ?? .role
            try await ifNotNewer {
                try await dynamo.deleteItem(
                    table: table(for: type), key: ["arn": .string(arn), "accountId": .string(scope.account)],
                    condition: notNewer(sequence))
            }
        }
        return changed.count + removed.count
    }

    /// Holds when the stored row was written by this sequence or an older one (or by nobody).
    func notNewer(_ sequence: Int64) -> DynamoCondition {
        DynamoCondition("attribute_not_exists(#seq) OR #seq <= :seq", names: ["#seq": "seq"], values: [":seq": .number(String(sequence))])
    }

    /// Runs a conditional write; a newer sweep's row already there is left alone.
    func ifNotNewer(_ write: () async throws -> Void) async throws {
        do {
            try await write()
        } catch is ConditionalCheckFailedError {
            logger.debug("a newer sweep already wrote this row; kept")
        }
    }

    /// Records a scope's status (so a refill knows when each scope was last swept).
    func saveStatus(_ status: SweepStatus, scope: SweepScope) async throws {
        let json = String(decoding: try ItemCoding.encodeJSON(status), as: UTF8.self)
        let sequence = status.sequence ?? 0
        try await ifNotNewer {
            try await dynamo.putItem(
                table: settings.inventoryTable,
                item: [
                    "arn": .string(Self.statusPrefix + scope.field), "accountId": .string(scope.account), "status": .string(json),
                    "seq": .number(String(sequence)),
                ],
                condition: notNewer(sequence))
        }
    }

    /// Records the account list (names included), dropping accounts no longer listed.
    func saveAccounts(_ accounts: [CachedAccount], previous: [String]) async throws {
        let current = Set(accounts.map(\.id))
        try await concurrentMap(accounts, limit: settings.awsConcurrency) { account in
            let json = String(decoding: try ItemCoding.encodeJSON(account), as: UTF8.self)
            try await dynamo.putItem(table: settings.inventoryTable, item: [
                "arn": .string(Self.accountMarker), "accountId": .string(account.id), "account": .string(json),
            ])
        }
        try await concurrentMap(previous.filter { !current.contains($0) }, limit: settings.awsConcurrency) { id in
            try await dynamo.deleteItem(
                table: settings.inventoryTable, key: ["arn": .string(Self.accountMarker), "accountId": .string(id)])
        }
    }

    /// Everything in the backup: items grouped by scope, statuses, accounts.
    struct Snapshot: Sendable {
        var items: [SweepScope: [InventoryItem]] = [:]
        var statuses: [SweepScope: SweepStatus] = [:]
        var accounts: [CachedAccount] = []
        var isEmpty: Bool { items.isEmpty && statuses.isEmpty && accounts.isEmpty }
    }

    func load() async throws -> Snapshot {
        var snapshot = Snapshot()
        for name in Set([settings.rolesTable, settings.inventoryTable]).sorted() {
            for try await page in try dynamo.scanPages(table: name) {
                for record in page { try absorb(record, into: &snapshot) }
            }
        }
        return snapshot
    }

    private func absorb(_ record: DynamoItem, into snapshot: inout Snapshot) throws {
        guard let arn = record["arn"]?.stringValue, let account = record["accountId"]?.stringValue,
              AccountID.isValid(account) else { return }
        if arn == Self.accountMarker {
            if let json = record["account"]?.stringValue {
                snapshot.accounts.append(try ItemCoding.decodeJSON(CachedAccount.self, Array(json.utf8), what: "backed-up account"))
            }
        } else if arn.hasPrefix(Self.statusPrefix) {
            guard let scope = SweepScope(account: account, field: String(arn.dropFirst(Self.statusPrefix.count))),
                  let json = record["status"]?.stringValue else { return }
            snapshot.statuses[scope] = try ItemCoding.decodeJSON(SweepStatus.self, Array(json.utf8), what: "backed-up status")
        } else {
            guard let field = record["scope"]?.stringValue, let scope = SweepScope(account: account, field: field),
                  let json = record["policy"]?.stringValue else { return }
            snapshot.items[scope, default: []].append(try ItemCoding.decode(Array(json.utf8)))
        }
    }
}
