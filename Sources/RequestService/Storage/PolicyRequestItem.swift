import Foundation
import PorticoAPI
import PorticoAWS
import PorticoCore

/// A policy request as a DynamoDB item in ConsoleMe's v2 layout (`request_id`, `arn`,
/// `principal`, `status`, `justification`, `request_time`, `last_updated`, `version: "2"`,
/// `extended_request`, `username`), plus Portico's `revision`, so an existing ConsoleMe table
/// reads as it is. ConsoleMe's empty-string placeholder is read back as an empty string.
enum PolicyRequestItem {
    static let emptyStringPlaceholder = "---DYNAMO-EMPTY-STRING---"

    static func item(_ request: PolicyRequest) throws -> DynamoItem {
        let json = try JSONValue(parsing: Array(APIJSON.encode(request)))
        var item: DynamoItem = [
            "request_id": .string(request.id),
            "arn": .string(request.principal.principalARN),
            "principal": dynamo(try JSONValue(parsing: Array(APIJSON.encode(request.principal)))),
            "status": .string(request.requestStatus.rawValue),
            "request_time": .int(epoch(request.timestamp) ?? request.lastUpdated),
            "last_updated": .int(request.lastUpdated),
            "version": "2",
            "extended_request": dynamo(json),
            "username": .string(request.requesterEmail),
            "revision": .int(request.revision),
        ]
        if let justification = request.justification, !justification.isEmpty {
            item["justification"] = .string(justification)
        }
        return item
    }

    /// The request an item holds; nil for an item that is not a v2 request.
    static func request(_ item: DynamoItem) -> PolicyRequest? {
        guard item["version"]?.stringValue == "2", let extended = item["extended_request"] else { return nil }
        guard let data = try? JSONEncoder().encode(json(extended)),
            var request = try? APIJSON.decode(PolicyRequest.self, from: data)
        else { return nil }
        request.revision = item["revision"]?.intValue ?? request.revision
        return request
    }

    static func epoch(_ iso: String) -> Int? {
        ISO8601DateFormatter().date(from: iso).map { Int($0.timeIntervalSince1970) }
    }

    static func dynamo(_ value: JSONValue) -> DynamoValue {
        switch value {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .number(let number):
            if let exact = Int(exactly: number) { .int(exact) } else { .number(String(number)) }
        case .string(let text): .string(text)
        case .array(let values): .list(values.map(dynamo))
        case .object(let members): .map(members.mapValues(dynamo))
        }
    }

    static func json(_ value: DynamoValue) -> JSONValue {
        switch value {
        case .string(let text): .string(text == emptyStringPlaceholder ? "" : text)
        case .number(let text): .number(Double(text) ?? 0)
        case .bool(let flag): .bool(flag)
        case .null: .null
        case .list(let values): .array(values.map(json))
        case .map(let members): .object(members.mapValues(json))
        case .stringSet(let values): .array(values.map(JSONValue.string))
        case .numberSet(let values): .array(values.map { .number(Double($0) ?? 0) })
        case .binary, .binarySet: .null
        }
    }
}
