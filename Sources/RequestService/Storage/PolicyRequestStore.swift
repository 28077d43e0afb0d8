import Logging
import PorticoAPI
import PorticoAWS

/// The requests table (`dynamodb.tables.policy_requests`, hash key `request_id`, GSI
/// `arn-request_id-index`). Every write is conditional: a new request on its id not existing, a
/// change on the revision that was read, so two reviewers acting at once cannot both win — the
/// loser gets `RevisionConflict` with the request as it now stands.
struct PolicyRequestStore: Sendable {
    let dynamo: DynamoDBClient
    let table: String

    static let arnIndex = "arn-request_id-index"

    /// The table's definition, for `dynamodb.create_tables`.
    static func definition(table: String) -> DynamoTableDefinition {
        DynamoTableDefinition(
            name: table, partitionKey: .init("request_id"),
            indexes: [.init(name: arnIndex, partitionKey: .init("arn"), sortKey: .init("request_id"))])
    }

    /// Creates the table unless it exists.
    func createTableIfMissing() async throws {
        do {
            _ = try await dynamo.describeTable(name: table)
        } catch {
            _ = try await dynamo.createTable(Self.definition(table: table))
        }
    }

    func get(_ id: String) async throws -> PolicyRequest? {
        guard let item = try await dynamo.getItem(table: table, key: ["request_id": .string(id)], consistentRead: true) else {
            return nil
        }
        return PolicyRequestItem.request(item)
    }

    /// Stores a new request (revision 1).
    func create(_ request: PolicyRequest) async throws -> PolicyRequest {
        var stored = request
        stored.revision = 1
        try await dynamo.putItem(
            table: table, item: try PolicyRequestItem.item(stored),
            condition: DynamoCondition("attribute_not_exists(request_id)"))
        return stored
    }

    /// Writes `request` as the next revision after `request.revision`.
    /// - Throws: `RevisionConflict` (with the current request) when someone wrote meanwhile.
    func replace(_ request: PolicyRequest) async throws -> PolicyRequest {
        var next = request
        next.revision = request.revision + 1
        do {
            try await dynamo.putItem(
                table: table, item: try PolicyRequestItem.item(next),
                condition: DynamoCondition(
                    "#revision = :revision", names: ["#revision": "revision"], values: [":revision": .int(request.revision)]))
        } catch is ConditionalCheckFailedError {
            throw RevisionConflict(current: try await get(request.id))
        }
        return next
    }

    /// Every stored request (for rebuilding the list index).
    func all() async throws -> [PolicyRequest] {
        try await dynamo.scan(table: table).compactMap(PolicyRequestItem.request)
    }
}

/// Another write won: the request has moved on to `current`.
struct RevisionConflict: Error, Sendable {
    let current: PolicyRequest?
}
