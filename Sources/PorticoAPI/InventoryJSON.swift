public import Foundation

/// Any JSON value, for the inventory answers that carry AWS documents (policies, trust
/// policies, queue attributes) as JSON rather than as text.
public indirect enum InventoryJSON: Codable, Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([InventoryJSON])
    case object([String: InventoryJSON])

    /// The document `text` holds; the text itself as a string when it is not JSON.
    public init(parsing text: String) {
        self = (try? JSONDecoder().decode(InventoryJSON.self, from: Data(text.utf8))) ?? .string(text)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([InventoryJSON].self) { self = .array(value) }
        else { self = .object(try container.decode([String: InventoryJSON].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
