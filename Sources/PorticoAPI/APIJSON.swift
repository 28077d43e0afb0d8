public import Foundation

/// How the gateway writes and reads the bodies of its REST API: keys sorted (the same value is
/// always the same bytes) and slashes left unescaped (ARNs and URLs read as they are). Use these
/// coders, not a default `JSONEncoder`, to produce bodies byte for byte as the gateway does.
public enum APIJSON {
    /// An encoder producing the gateway's wire format.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A decoder for the gateway's bodies (the field names are spelled out by each type's keys).
    public static func decoder() -> JSONDecoder {
        JSONDecoder()
    }

    /// `value` in the wire format.
    /// - Throws: `EncodingError` (only for values that are not plain data, such as a non-finite number).
    public static func encode(_ value: some Encodable) throws -> Data {
        try encoder().encode(value)
    }

    /// A value of `type` read from `data`.
    /// - Throws: `DecodingError` saying which field is missing or of the wrong type.
    public static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws -> Value {
        try decoder().decode(type, from: data)
    }
}
