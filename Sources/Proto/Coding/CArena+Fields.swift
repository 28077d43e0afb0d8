internal import CProtobufC

/// Builds the C representation of Swift field values for protobuf-c to pack. Everything is
/// allocated in the arena, so it is freed together when encoding ends, however it ends.
extension CArena {
    /// A NUL-terminated copy of `value`; a string with an embedded NUL is refused, since C
    /// would see only the part before it.
    func cString(_ value: String, field: String) throws -> UnsafeMutablePointer<CChar> {
        let utf8 = value.utf8
        if utf8.contains(0) { throw RPCError.embeddedNUL(field) }
        let count = utf8.count
        let storage = allocate(CChar.self, count: count + 1)
        let bytes = UnsafeMutableRawBufferPointer(start: storage, count: count + 1)
        bytes.copyBytes(from: utf8)
        bytes[count] = 0
        return storage
    }

    func cStrings(_ values: [String], field: String) throws -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        try cList(values) { try cString($0, field: field) }
    }

    /// protobuf-c leaves a bytes field with NULL data out of the encoding.
    func cBytes(_ value: [UInt8]) -> ProtobufCBinaryData {
        guard !value.isEmpty else { return ProtobufCBinaryData(len: 0, data: nil) }
        let storage = allocate(UInt8.self, count: value.count)
        storage.initialize(from: value, count: value.count)
        return ProtobufCBinaryData(len: value.count, data: storage)
    }

    func cBytesList(_ values: [[UInt8]]) -> UnsafeMutablePointer<ProtobufCBinaryData>? {
        cList(values) { cBytes($0) }
    }

    /// A repeated numeric field whose C and Swift types are the same.
    func cScalars<Scalar>(_ values: [Scalar]) -> UnsafeMutablePointer<Scalar>? {
        cList(values) { $0 }
    }

    /// A C array of converted elements; NULL when there are none.
    func cList<Element, CElement>(_ values: [Element], _ transform: (Element) throws -> CElement) rethrows
        -> UnsafeMutablePointer<CElement>?
    {
        guard !values.isEmpty else { return nil }
        let storage = allocate(CElement.self, count: values.count)
        for (index, value) in values.enumerated() {
            (storage + index).initialize(to: try transform(value))
        }
        return storage
    }

    /// A C struct for a generated message, initialised and filled.
    func cMessage<Message: CBridgedMessage>(_ value: Message) throws -> UnsafeMutablePointer<Message.CMessage> {
        try cMessage(initialize: Message.initializeCMessage) { try value.fill($0, arena: self) }
    }

    /// A singular message field: NULL when the Swift value is nil.
    func cMessageIfPresent<Message: CBridgedMessage>(_ value: Message?) throws -> UnsafeMutablePointer<Message.CMessage>? {
        guard let value else { return nil }
        return try cMessage(value)
    }

    func cMessages<Message: CBridgedMessage>(_ values: [Message]) throws
        -> UnsafeMutablePointer<UnsafeMutablePointer<Message.CMessage>?>?
    {
        try cList(values) { try cMessage($0) }
    }

    /// A C struct with no Swift type of its own (a map entry, a presence wrapper).
    func cMessage<CMessage>(
        initialize: (UnsafeMutablePointer<CMessage>) -> Void,
        fill: (UnsafeMutablePointer<CMessage>) throws -> Void
    ) rethrows -> UnsafeMutablePointer<CMessage> {
        let storage = allocate(CMessage.self)
        initialize(storage)
        try fill(storage)
        return storage
    }

    /// A map field as C entry structs, in key order so the encoding is deterministic.
    func cMapEntries<Key: Comparable, Value, Entry>(
        _ map: [Key: Value],
        initialize: (UnsafeMutablePointer<Entry>) -> Void,
        fill: (Key, Value, UnsafeMutablePointer<Entry>) throws -> Void
    ) rethrows -> UnsafeMutablePointer<UnsafeMutablePointer<Entry>?>? {
        try cList(map.sorted { $0.key < $1.key }) { element in
            try cMessage(initialize: initialize) { try fill(element.key, element.value, $0) }
        }
    }
}
