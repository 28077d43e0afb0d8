internal import CProtobufC

/// Copies fields of a C struct that protobuf-c unpacked into Swift values. The C memory is
/// only read here; protobuf-c frees it after the copy.
enum CFieldReader {
    /// A C string as a Swift `String`; NULL (an unset proto3 string) is "".
    static func string(_ value: UnsafePointer<CChar>?, field: String) throws -> String {
        guard let value else { return "" }
        guard let string = String(validatingCString: value) else { throw RPCError.notUTF8(field) }
        return string
    }

    static func strings(_ count: Int, _ values: UnsafePointer<UnsafeMutablePointer<CChar>?>?, field: String)
        throws -> [String]
    {
        try list(count, values) { try string($0, field: field) }
    }

    static func bytes(_ value: ProtobufCBinaryData) -> [UInt8] {
        guard value.len > 0, let data = value.data else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: value.len))
    }

    static func bytesList(_ count: Int, _ values: UnsafePointer<ProtobufCBinaryData>?) -> [[UInt8]] {
        list(count, values) { bytes($0) }
    }

    /// A repeated numeric field whose C and Swift types are the same.
    static func scalars<Scalar>(_ count: Int, _ values: UnsafePointer<Scalar>?) -> [Scalar] {
        guard count > 0, let values else { return [] }
        return Array(UnsafeBufferPointer(start: values, count: count))
    }

    /// A repeated field whose elements need converting (bools, enums).
    static func list<CElement, Element>(
        _ count: Int, _ values: UnsafePointer<CElement>?, _ transform: (CElement) throws -> Element
    ) rethrows -> [Element] {
        guard count > 0, let values else { return [] }
        return try UnsafeBufferPointer(start: values, count: count).map(transform)
    }

    /// A singular message field: nil when it was absent.
    static func message<Message: CBridgedMessage>(_ value: UnsafePointer<Message.CMessage>?) throws -> Message? {
        guard let value else { return nil }
        return try Message(cMessage: value)
    }

    static func messages<Message: CBridgedMessage>(
        _ count: Int, _ values: UnsafePointer<UnsafeMutablePointer<Message.CMessage>?>?
    ) throws -> [Message] {
        guard count > 0, let values else { return [] }
        var result: [Message] = []
        result.reserveCapacity(count)
        for element in UnsafeBufferPointer(start: values, count: count) {
            guard let element else { continue }
            result.append(try Message(cMessage: element))
        }
        return result
    }

    /// A map field (repeated entry messages); a key that repeats keeps its last value, as
    /// protobuf specifies.
    static func map<Entry, Key: Hashable, Value>(
        _ count: Int, _ entries: UnsafePointer<UnsafeMutablePointer<Entry>?>?,
        _ transform: (UnsafePointer<Entry>) throws -> (Key, Value)
    ) rethrows -> [Key: Value] {
        guard count > 0, let entries else { return [:] }
        var result: [Key: Value] = [:]
        result.reserveCapacity(count)
        for entry in UnsafeBufferPointer(start: entries, count: count) {
            guard let entry else { continue }
            let (key, value) = try transform(entry)
            result[key] = value
        }
        return result
    }
}
