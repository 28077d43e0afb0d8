import Foundation

/// A JSON document of any shape: the claims of a token read field by field, the bodies of the
/// AWS JSON protocols before they become typed results, free-form documents with no fixed shape.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { members[key] } else { nil }
    }

    public var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// A finite number (JSON has no other kind, but a decoder may produce infinity from `1e999`).
    public var doubleValue: Double? {
        if case .number(let value) = self, value.isFinite { value } else { nil }
    }

    public var intValue: Int? {
        guard case .number(let value) = self, let exact = Int(exactly: value) else { return nil }
        return exact
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { value } else { nil }
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { value } else { nil }
    }

    /// Parses a JSON document.
    /// - Throws: `JSONValue.SyntaxError` saying why `bytes` are not JSON.
    public init(parsing bytes: [UInt8]) throws(SyntaxError) {
        do {
            self = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch DecodingError.dataCorrupted(let context) {
            throw SyntaxError(reason: context.debugDescription)
        } catch {
            throw SyntaxError(reason: "not a JSON document")
        }
    }

    /// The JSON object in `bytes`, or nil when they are not one.
    public static func object(from bytes: [UInt8]) -> [String: JSONValue]? {
        guard case .object(let fields)? = try? JSONValue(parsing: bytes) else { return nil }
        return fields
    }

    /// The compact JSON text, keys sorted (so equal values encode to equal bytes).
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // A tree of JSONValue always encodes: its leaves are strings, finite numbers and bools.
        return (try? Array(encoder.encode(self))) ?? Array("null".utf8)
    }

    public var jsonText: String { String(decoding: encoded(), as: UTF8.self) }

    /// Why bytes are not a JSON document.
    public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
        public var reason: String

        public var description: String { reason }
    }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value.isFinite ? value : 0)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
