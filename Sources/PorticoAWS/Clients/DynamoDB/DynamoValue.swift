import Foundation
import PorticoCore

/// A DynamoDB attribute value (the `{"S": …}`, `{"N": …}`, … shapes of the wire format).
/// Numbers stay decimal text, exactly as DynamoDB keeps them.
public indirect enum DynamoValue: Sendable, Hashable {
    case string(String)
    case number(String)
    case binary([UInt8])
    case bool(Bool)
    case null
    case list([DynamoValue])
    case map([String: DynamoValue])
    case stringSet([String])
    case numberSet([String])
    case binarySet([[UInt8]])

    /// A number from an integer.
    public static func int(_ value: Int) -> DynamoValue { .number(String(value)) }

    public var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    public var intValue: Int? {
        if case .number(let value) = self { Int(value) } else { nil }
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    public var mapValue: [String: DynamoValue]? {
        if case .map(let value) = self { value } else { nil }
    }

    public var listValue: [DynamoValue]? {
        if case .list(let value) = self { value } else { nil }
    }

    /// The wire form: a one-member object named by the type.
    var json: JSONValue {
        switch self {
        case .string(let value): ["S": .string(value)]
        case .number(let value): ["N": .string(value)]
        case .binary(let value): ["B": .string(Data(value).base64EncodedString())]
        case .bool(let value): ["BOOL": .bool(value)]
        case .null: ["NULL": true]
        case .list(let values): ["L": .array(values.map(\.json))]
        case .map(let members): ["M": .object(members.mapValues(\.json))]
        case .stringSet(let values): ["SS": .array(values.map(JSONValue.string))]
        case .numberSet(let values): ["NS": .array(values.map(JSONValue.string))]
        case .binarySet(let values): ["BS": .array(values.map { .string(Data($0).base64EncodedString()) })]
        }
    }

    /// Reads the wire form; throws `AWSClientError.malformedResponse` on anything else.
    init(json: JSONValue) throws {
        guard case .object(let members) = json, members.count == 1, let (type, value) = members.first else {
            throw AWSClientError.malformedResponse("DynamoDB attribute value is not a one-member object")
        }
        switch (type, value) {
        case ("S", .string(let text)): self = .string(text)
        case ("N", .string(let text)): self = .number(text)
        case ("B", .string(let text)): self = .binary(try Self.base64(text))
        case ("BOOL", .bool(let flag)): self = .bool(flag)
        case ("NULL", _): self = .null
        case ("L", .array(let values)): self = .list(try values.map(DynamoValue.init(json:)))
        case ("M", .object(let values)): self = .map(try values.mapValues(DynamoValue.init(json:)))
        case ("SS", .array(let values)): self = .stringSet(try values.map(Self.text))
        case ("NS", .array(let values)): self = .numberSet(try values.map(Self.text))
        case ("BS", .array(let values)): self = .binarySet(try values.map { try Self.base64(try Self.text($0)) })
        default: throw AWSClientError.malformedResponse("DynamoDB attribute type \(type) with an unexpected value")
        }
    }

    private static func text(_ value: JSONValue) throws -> String {
        guard let text = value.stringValue else { throw AWSClientError.malformedResponse("DynamoDB set member is not text") }
        return text
    }

    private static func base64(_ text: String) throws -> [UInt8] {
        guard let data = Data(base64Encoded: text) else {
            throw AWSClientError.malformedResponse("DynamoDB binary value is not base64")
        }
        return Array(data)
    }
}

extension DynamoValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(String(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

/// A DynamoDB item: attribute name to value.
public typealias DynamoItem = [String: DynamoValue]

extension Dictionary where Key == String, Value == DynamoValue {
    var json: JSONValue { .object(mapValues(\.json)) }

    init(json: JSONValue?) throws {
        guard let json else {
            self = [:]
            return
        }
        guard case .object(let members) = json else {
            throw AWSClientError.malformedResponse("DynamoDB item is not an object")
        }
        self = try members.mapValues(DynamoValue.init(json:))
    }
}
