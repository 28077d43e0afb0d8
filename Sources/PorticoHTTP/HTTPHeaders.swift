extension HTTPClient {
    /// HTTP header fields in the order they were added; names compare case-insensitively and a
    /// name may occur several times.
    public struct Headers: Sendable, Sequence, ExpressibleByDictionaryLiteral, Equatable {
        public typealias Field = (name: String, value: String)

        private var fields: [Field] = []

        public init() {}

        public init(_ fields: [(String, String)]) {
            self.fields = fields.map { (name: $0.0, value: $0.1) }
        }

        public init(dictionaryLiteral elements: (String, String)...) {
            self.init(elements)
        }

        /// The first value of `name`, or nil when it is absent.
        public subscript(name: String) -> String? {
            fields.first { Self.sameName($0.name, name) }?.value
        }

        /// Every value of `name`, in order.
        public func values(for name: String) -> [String] {
            fields.filter { Self.sameName($0.name, name) }.map(\.value)
        }

        /// Appends a field, keeping any earlier ones of the same name.
        public mutating func add(name: String, value: String) {
            fields.append((name: name, value: value))
        }

        /// Sets `name` to `value`: replaces the first field of that name and drops the others, or
        /// appends when there is none.
        public mutating func replaceOrAdd(name: String, value: String) {
            guard let first = fields.firstIndex(where: { Self.sameName($0.name, name) }) else {
                fields.append((name: name, value: value))
                return
            }
            fields[first].value = value
            var index = fields.index(after: first)
            while index < fields.endIndex {
                if Self.sameName(fields[index].name, name) { fields.remove(at: index) } else { index += 1 }
            }
        }

        /// Drops every field of `name`.
        public mutating func remove(name: String) {
            fields.removeAll { Self.sameName($0.name, name) }
        }

        /// Appends `text` to the value of the last field (an obsolete folded header line).
        mutating func extendLastValue(with text: String) {
            guard !fields.isEmpty else { return }
            fields[fields.count - 1].value += " " + text
        }

        public func contains(name: String) -> Bool { self[name] != nil }

        public var count: Int { fields.count }
        public var isEmpty: Bool { fields.isEmpty }

        public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

        public static func == (lhs: Headers, rhs: Headers) -> Bool {
            lhs.fields.count == rhs.fields.count
                && zip(lhs.fields, rhs.fields).allSatisfy { sameName($0.name, $1.name) && $0.value == $1.value }
        }

        /// ASCII case-insensitive comparison, as HTTP field names are compared.
        static func sameName(_ lhs: String, _ rhs: String) -> Bool {
            lhs.utf8.count == rhs.utf8.count
                && zip(lhs.utf8, rhs.utf8).allSatisfy { asciiLowercase($0) == asciiLowercase($1) }
        }

        private static func asciiLowercase(_ byte: UInt8) -> UInt8 {
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
        }
    }
}
