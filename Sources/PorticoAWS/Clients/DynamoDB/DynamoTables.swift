import PorticoCore

/// What `CreateTable` needs: the name, the key, the attribute types of the keys, and the global
/// secondary indexes (all projecting every attribute). Billing is on demand.
public struct DynamoTableDefinition: Sendable {
    /// A key attribute and its scalar type.
    public struct KeyAttribute: Sendable, Hashable {
        public enum ScalarType: String, Sendable {
            case string = "S"
            case number = "N"
            case binary = "B"
        }

        public var name: String
        public var type: ScalarType

        public init(_ name: String, _ type: ScalarType = .string) {
            self.name = name
            self.type = type
        }
    }

    /// A global secondary index.
    public struct Index: Sendable {
        public var name: String
        public var partitionKey: KeyAttribute
        public var sortKey: KeyAttribute?

        public init(name: String, partitionKey: KeyAttribute, sortKey: KeyAttribute? = nil) {
            self.name = name
            self.partitionKey = partitionKey
            self.sortKey = sortKey
        }
    }

    public var name: String
    public var partitionKey: KeyAttribute
    public var sortKey: KeyAttribute?
    public var indexes: [Index]

    public init(name: String, partitionKey: KeyAttribute, sortKey: KeyAttribute? = nil, indexes: [Index] = []) {
        self.name = name
        self.partitionKey = partitionKey
        self.sortKey = sortKey
        self.indexes = indexes
    }

    var json: [String: JSONValue] {
        var attributes: [String: KeyAttribute.ScalarType] = [:]
        for key in [partitionKey, sortKey].compactMap({ $0 }) + indexes.flatMap({ [$0.partitionKey, $0.sortKey].compactMap { $0 } }) {
            attributes[key.name] = key.type
        }
        var body: [String: JSONValue] = [
            "TableName": .string(name),
            "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": Self.keySchema(partitionKey, sortKey),
            "AttributeDefinitions": .array(attributes.keys.sorted().map { name in
                ["AttributeName": .string(name), "AttributeType": .string(attributes[name]?.rawValue ?? "S")]
            }),
        ]
        if !indexes.isEmpty {
            body["GlobalSecondaryIndexes"] = .array(indexes.map { index in
                [
                    "IndexName": .string(index.name),
                    "KeySchema": Self.keySchema(index.partitionKey, index.sortKey),
                    "Projection": ["ProjectionType": "ALL"],
                ]
            })
        }
        return body
    }

    private static func keySchema(_ partition: KeyAttribute, _ sort: KeyAttribute?) -> JSONValue {
        var schema: [JSONValue] = [["AttributeName": .string(partition.name), "KeyType": "HASH"]]
        if let sort { schema.append(["AttributeName": .string(sort.name), "KeyType": "RANGE"]) }
        return .array(schema)
    }
}

/// A table as `DescribeTable`/`CreateTable` report it.
public struct DynamoTableDescription: Sendable, Equatable {
    public var name: String
    public var arn: String
    /// `CREATING`, `ACTIVE`, `UPDATING`, `DELETING`, …
    public var status: String
    public var itemCount: Int
    public var partitionKeyName: String
    public var sortKeyName: String?
    /// Global secondary index names with their status.
    public var indexes: [String: String]

    init(_ json: JSONValue?) throws {
        guard let json, let name = json["TableName"]?.stringValue else {
            throw AWSClientError.malformedResponse("DynamoDB table description has no TableName")
        }
        self.name = name
        arn = json["TableArn"]?.stringValue ?? ""
        status = json["TableStatus"]?.stringValue ?? ""
        itemCount = json["ItemCount"]?.intValue ?? 0
        let schema = json["KeySchema"]?.arrayValue ?? []
        partitionKeyName = schema.first { $0["KeyType"]?.stringValue == "HASH" }?["AttributeName"]?.stringValue ?? ""
        sortKeyName = schema.first { $0["KeyType"]?.stringValue == "RANGE" }?["AttributeName"]?.stringValue
        var indexes: [String: String] = [:]
        for index in json["GlobalSecondaryIndexes"]?.arrayValue ?? [] {
            if let indexName = index["IndexName"]?.stringValue {
                indexes[indexName] = index["IndexStatus"]?.stringValue ?? ""
            }
        }
        self.indexes = indexes
    }
}

/// A `Query`: the key condition on the table or an index, an optional filter, and paging.
public struct DynamoQuery: Sendable {
    public var table: String
    public var index: String?
    public var keyCondition: String
    public var filter: String?
    public var names: [String: String]
    public var values: DynamoItem
    public var pageSize: Int?
    public var scanForward: Bool

    public init(
        table: String, index: String? = nil, keyCondition: String, filter: String? = nil,
        names: [String: String] = [:], values: DynamoItem = [:], pageSize: Int? = nil, scanForward: Bool = true
    ) {
        self.table = table
        self.index = index
        self.keyCondition = keyCondition
        self.filter = filter
        self.names = names
        self.values = values
        self.pageSize = pageSize
        self.scanForward = scanForward
    }

    var json: [String: JSONValue] {
        var body: [String: JSONValue] = ["TableName": .string(table), "KeyConditionExpression": .string(keyCondition)]
        body.set("IndexName", index)
        body.set("FilterExpression", filter)
        body.set("Limit", pageSize)
        if !scanForward { body["ScanIndexForward"] = false }
        DynamoCondition("", names: names, values: values).applyNamesAndValues(to: &body)
        return body
    }
}
