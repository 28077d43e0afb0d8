public import PorticoCore

/// AWS Config (JSON 1.1): advanced queries over the recorded resources, and the list of
/// discovered resources of a type.
public struct ConfigServiceClient: Sendable {
    public let client: AWSClient

    public init(client: AWSClient) { self.client = client }

    /// `config:SelectResourceConfig`, page by page; each result is one row as a JSON document
    /// (its shape follows the query's SELECT list).
    public func selectResourceConfigPages(expression: String, pageSize: Int? = nil) throws -> AWSPages<[JSONValue], String> {
        guard !expression.isEmpty, expression.utf8.count <= 4096 else {
            throw AWSClientError.invalidParameter(name: "Expression", reason: "must be 1 to 4096 characters")
        }
        if let pageSize, !(1...100).contains(pageSize) {
            throw AWSClientError.invalidParameter(name: "Limit", reason: "must be 1 to 100")
        }
        return AWSPages { token in
            var body: [String: JSONValue] = ["Expression": .string(expression)]
            body.set("Limit", pageSize)
            body.set("NextToken", token)
            let result = try await call("SelectResourceConfig", body)
            let rows = try (result["Results"]?.arrayValue ?? []).map { row -> JSONValue in
                guard let text = row.stringValue else {
                    throw AWSClientError.malformedResponse("SelectResourceConfig result is not JSON text")
                }
                return try JSONValue.parseAnswer(Array(text.utf8))
            }
            return (rows, Self.token(result, "NextToken"))
        }
    }

    /// `config:SelectResourceConfig`, every page.
    public func selectResourceConfig(expression: String, pageSize: Int? = nil) async throws -> [JSONValue] {
        try await selectResourceConfigPages(expression: expression, pageSize: pageSize).collect()
    }

    /// `config:ListDiscoveredResources` for one resource type (`AWS::S3::Bucket`, …), every page.
    public func listDiscoveredResources(
        resourceType: String, includeDeleted: Bool = false, pageSize: Int? = nil
    ) async throws -> [DiscoveredResource] {
        guard resourceType.hasPrefix("AWS::") || resourceType.contains("::") else {
            throw AWSClientError.invalidParameter(name: "resourceType", reason: "not a resource type like AWS::S3::Bucket")
        }
        return try await AWSPages<[DiscoveredResource], String> { token in
            var body: [String: JSONValue] = ["resourceType": .string(resourceType)]
            body.set("includeDeletedResources", includeDeleted ? true : nil)
            body.set("limit", pageSize)
            body.set("nextToken", token)
            let result = try await call("ListDiscoveredResources", body)
            let resources = (result["resourceIdentifiers"]?.arrayValue ?? []).compactMap(DiscoveredResource.init)
            return (resources, Self.token(result, "nextToken"))
        }.collect()
    }

    private func call(_ operation: String, _ body: [String: JSONValue]) async throws -> JSONValue {
        try await JSONProtocol.call(client, service: .config, version: .v1_1, operation: operation, body: body)
    }

    private static func token(_ result: JSONValue, _ key: String) -> String? {
        result[key]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// A resource AWS Config has recorded.
public struct DiscoveredResource: Sendable, Equatable {
    public var resourceType: String
    public var resourceID: String
    public var resourceName: String?

    init?(_ json: JSONValue) {
        guard let type = json["resourceType"]?.stringValue, let id = json["resourceId"]?.stringValue else { return nil }
        resourceType = type
        resourceID = id
        resourceName = json["resourceName"]?.stringValue
    }
}
