import Foundation

/// A JSON value of unknown shape: the claims of a token, read field by field.
enum JSONValue: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
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

    /// The JSON object in `bytes`, or nil when they are not one.
    static func object(from bytes: [UInt8]) -> [String: JSONValue]? {
        guard case .object(let fields)? = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else { return nil }
        return fields
    }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// A finite number (JSON has no other kind, but a decoder may produce infinity from `1e999`).
    var number: Double? {
        if case .number(let value) = self, value.isFinite { return value }
        return nil
    }
}
