import PorticoCore

/// Calls in the AWS JSON protocols (1.0 for DynamoDB, 1.1 for Config and Organizations): a POST
/// of a JSON object to `/`, the operation named by `X-Amz-Target: <prefix>.<Operation>`.
enum JSONProtocol {
    enum Version: String {
        case v1_0 = "1.0"
        case v1_1 = "1.1"
    }

    static func call(
        _ client: AWSClient, service: AWSService, version: Version, operation: String, body: [String: JSONValue]
    ) async throws -> JSONValue {
        let request = AWSRequest(
            operation: operation, method: "POST", path: "/",
            headers: [
                HeaderField("Content-Type", "application/x-amz-json-\(version.rawValue)"),
                HeaderField("X-Amz-Target", "\(service.apiVersion).\(operation)"),
            ],
            body: JSONValue.object(body).encoded())
        let response = try await client.send(request, service: service)
        if response.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .object([:]) }
        return try JSONValue.parseAnswer(response.body)
    }
}

extension Dictionary where Key == String, Value == JSONValue {
    /// Sets `key` only when `value` is non-nil (optional request members).
    mutating func set(_ key: String, _ value: String?) {
        if let value { self[key] = .string(value) }
    }

    mutating func set(_ key: String, _ value: Int?) {
        if let value { self[key] = .number(Double(value)) }
    }

    mutating func set(_ key: String, _ value: Bool?) {
        if let value { self[key] = .bool(value) }
    }
}
