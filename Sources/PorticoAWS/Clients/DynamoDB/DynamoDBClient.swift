import PorticoCore

/// Amazon DynamoDB (JSON 1.0): tables, single-item reads and conditional writes, index queries and
/// scans. A failed condition surfaces as `ConditionalCheckFailedError`, not a generic `AWSError`,
/// because callers branch on it (optimistic concurrency on policy requests).
public struct DynamoDBClient: Sendable {
    public let client: AWSClient

    public init(client: AWSClient) { self.client = client }

    func call(_ operation: String, _ body: [String: JSONValue]) async throws -> JSONValue {
        try await JSONProtocol.call(client, service: .dynamoDB, version: .v1_0, operation: operation, body: body)
    }

    // MARK: Tables

    /// `dynamodb:CreateTable` with on-demand billing.
    public func createTable(_ definition: DynamoTableDefinition) async throws -> DynamoTableDescription {
        try DynamoValidation.tableName(definition.name)
        let result = try await call("CreateTable", definition.json)
        return try DynamoTableDescription(result["TableDescription"])
    }

    /// `dynamodb:DescribeTable`.
    public func describeTable(name: String) async throws -> DynamoTableDescription {
        try DynamoValidation.tableName(name)
        let result = try await call("DescribeTable", ["TableName": .string(name)])
        return try DynamoTableDescription(result["Table"])
    }

    // MARK: Items

    /// `dynamodb:GetItem`; nil when there is no such item.
    public func getItem(table: String, key: DynamoItem, consistentRead: Bool = false) async throws -> DynamoItem? {
        try DynamoValidation.tableName(table)
        var body: [String: JSONValue] = ["TableName": .string(table), "Key": key.json]
        body.set("ConsistentRead", consistentRead ? true : nil)
        let result = try await call("GetItem", body)
        guard let item = result["Item"] else { return nil }
        return try DynamoItem(json: item)
    }

    /// `dynamodb:PutItem`, optionally conditional.
    public func putItem(table: String, item: DynamoItem, condition: DynamoCondition? = nil) async throws {
        try DynamoValidation.tableName(table)
        var body: [String: JSONValue] = ["TableName": .string(table), "Item": item.json]
        condition?.apply(to: &body)
        _ = try await conditional(table) { try await call("PutItem", body) }
    }

    /// `dynamodb:UpdateItem`; returns the item as it is after the update (`ALL_NEW`).
    public func updateItem(
        table: String, key: DynamoItem, update: String, condition: DynamoCondition? = nil,
        names: [String: String] = [:], values: DynamoItem = [:]
    ) async throws -> DynamoItem {
        try DynamoValidation.tableName(table)
        var body: [String: JSONValue] = [
            "TableName": .string(table), "Key": key.json, "UpdateExpression": .string(update),
            "ReturnValues": "ALL_NEW",
        ]
        let merged = DynamoCondition.merge(condition, names: names, values: values)
        merged.apply(to: &body)
        let result = try await conditional(table) { try await call("UpdateItem", body) }
        return try DynamoItem(json: result["Attributes"])
    }

    /// `dynamodb:DeleteItem`, optionally conditional.
    public func deleteItem(table: String, key: DynamoItem, condition: DynamoCondition? = nil) async throws {
        try DynamoValidation.tableName(table)
        var body: [String: JSONValue] = ["TableName": .string(table), "Key": key.json]
        condition?.apply(to: &body)
        _ = try await conditional(table) { try await call("DeleteItem", body) }
    }

    /// Runs a write and turns `ConditionalCheckFailedException` into `ConditionalCheckFailedError`.
    private func conditional(_ table: String, _ write: () async throws -> JSONValue) async throws -> JSONValue {
        do {
            return try await write()
        } catch let error as AWSError where error.code == "ConditionalCheckFailedException" {
            throw ConditionalCheckFailedError(table: table, message: error.message, requestID: error.requestID)
        }
    }

    // MARK: Query and scan

    /// `dynamodb:Query` (on the table or one of its indexes), page by page.
    public func queryPages(_ query: DynamoQuery) throws -> AWSPages<[DynamoItem], DynamoItem> {
        try DynamoValidation.tableName(query.table)
        return AWSPages { startKey in
            var body = query.json
            if let startKey { body["ExclusiveStartKey"] = startKey.json }
            return try Self.page(try await call("Query", body))
        }
    }

    /// `dynamodb:Query`, every page.
    public func query(_ query: DynamoQuery) async throws -> [DynamoItem] {
        try await queryPages(query).collect()
    }

    /// `dynamodb:Scan`, page by page.
    public func scanPages(
        table: String, index: String? = nil, filter: DynamoCondition? = nil, pageSize: Int? = nil
    ) throws -> AWSPages<[DynamoItem], DynamoItem> {
        try DynamoValidation.tableName(table)
        return AWSPages { startKey in
            var body: [String: JSONValue] = ["TableName": .string(table)]
            body.set("IndexName", index)
            body.set("Limit", pageSize)
            if let filter {
                body["FilterExpression"] = .string(filter.expression)
                filter.applyNamesAndValues(to: &body)
            }
            if let startKey { body["ExclusiveStartKey"] = startKey.json }
            return try Self.page(try await call("Scan", body))
        }
    }

    /// `dynamodb:Scan`, every page.
    public func scan(table: String, index: String? = nil, filter: DynamoCondition? = nil, pageSize: Int? = nil)
        async throws -> [DynamoItem]
    {
        try await scanPages(table: table, index: index, filter: filter, pageSize: pageSize).collect()
    }

    private static func page(_ result: JSONValue) throws -> (page: [DynamoItem], next: DynamoItem?) {
        let items = try (result["Items"]?.arrayValue ?? []).map { try DynamoItem(json: $0) }
        let next = try result["LastEvaluatedKey"].map { try DynamoItem(json: $0) }
        return (items, next.flatMap { $0.isEmpty ? nil : $0 })
    }
}

/// A write's condition (or a scan's filter): the expression with its `#name` and `:value`
/// placeholders.
public struct DynamoCondition: Sendable {
    public var expression: String
    public var names: [String: String]
    public var values: DynamoItem

    public init(_ expression: String, names: [String: String] = [:], values: DynamoItem = [:]) {
        self.expression = expression
        self.names = names
        self.values = values
    }

    func apply(to body: inout [String: JSONValue]) {
        if !expression.isEmpty { body["ConditionExpression"] = .string(expression) }
        applyNamesAndValues(to: &body)
    }

    func applyNamesAndValues(to body: inout [String: JSONValue]) {
        if !names.isEmpty { body["ExpressionAttributeNames"] = .object(names.mapValues(JSONValue.string)) }
        if !values.isEmpty { body["ExpressionAttributeValues"] = values.json }
    }

    /// An update's own placeholders merged with its condition's.
    static func merge(_ condition: DynamoCondition?, names: [String: String], values: DynamoItem) -> DynamoCondition {
        var merged = condition ?? DynamoCondition("")
        merged.names.merge(names) { current, _ in current }
        merged.values.merge(values) { current, _ in current }
        return merged
    }
}

/// A write was refused because its condition did not hold (someone else changed the item).
public struct ConditionalCheckFailedError: Error, Sendable, Equatable, CustomStringConvertible {
    public var table: String
    public var message: String
    public var requestID: String?

    public var description: String { "conditional write to \(table) refused: \(message)" }
}

enum DynamoValidation {
    static func tableName(_ name: String) throws {
        let allowed = name.utf8.allSatisfy { byte in
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        }
        guard (3...255).contains(name.utf8.count), allowed else {
            throw AWSClientError.invalidParameter(name: "TableName", reason: "must be 3 to 255 characters of [A-Za-z0-9_.-]")
        }
    }
}
