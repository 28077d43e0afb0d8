import Foundation
import PorticoCrypto

/// The stored form of items: canonical JSON (sorted keys, so equal items give equal bytes) and
/// a digest of it, by which a sweep tells which items changed since the previous one.
enum ItemCoding {
    /// The largest item stored; larger ones (impossible within AWS' own policy limits) are
    /// skipped, so no Redis value or DynamoDB item can grow past its limit.
    static let maxItemBytes = 350 * 1024

    static func encode(_ item: InventoryItem) throws -> (json: [UInt8], digest: String) {
        let json = Array(try encoder.encode(item))
        return (json, digest(json))
    }

    static func decode(_ bytes: [UInt8]) throws(CacheError) -> InventoryItem {
        do {
            return try JSONDecoder().decode(InventoryItem.self, from: Data(bytes))
        } catch {
            throw .corrupt("an inventory item does not decode: \(error)")
        }
    }

    static func digest(_ bytes: [UInt8]) -> String {
        Hex.encode(SHA256.hash(bytes).prefix(16))
    }

    static func encodeJSON<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        Array(try encoder.encode(value))
    }

    static func decodeJSON<Value: Decodable>(_ type: Value.Type, _ bytes: [UInt8], what: String) throws(CacheError) -> Value {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            throw .corrupt("\(what) does not decode: \(error)")
        }
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
