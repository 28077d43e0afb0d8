import PorticoCrypto

/// An audit event as it stands in the chain: its place (`seq`, from 1 per stream), the SHA-256
/// of the event before it (`prev`; 64 zeros for the first), when it was recorded (`at`, Unix
/// milliseconds), its fields in order, and its own SHA-256 (`hash`) over all of that.
///
/// Editing any part of an event changes its hash, which no longer matches the `prev` of the
/// event after it; deleting or moving one leaves a gap or a reordering in `seq`.
public struct ChainedAuditEvent: Sendable, Equatable, Codable {
    public var seq: Int
    public var prev: String
    public var at: Int64
    public var fields: [AuditField]
    public var hash: String
    /// The Redis stream entry id it was stored under (not covered by the hash: the stream
    /// assigns it after the hash is fixed).
    public var streamID: String?

    /// The `prev` of the first event of a chain.
    public static let genesis = String(repeating: "0", count: 64)

    /// The names the chain adds after an event's own fields in a stream entry.
    public enum FieldName {
        public static let seq = "chain_seq"
        public static let prev = "chain_prev"
        public static let at = "chain_at"
        public static let hash = "chain_hash"
    }

    public init(seq: Int, prev: String, at: Int64, fields: [AuditField], streamID: String? = nil) {
        self.seq = seq
        self.prev = prev
        self.at = at
        self.fields = fields
        self.streamID = streamID
        self.hash = Self.hash(seq: seq, prev: prev, at: at, fields: fields)
    }

    /// The hash the event's content gives now (differs from `hash` when it was edited).
    public var recomputedHash: String { Self.hash(seq: seq, prev: prev, at: at, fields: fields) }

    /// The value of the first field called `name`.
    public func value(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    /// SHA-256 (hex) over an unambiguous encoding: a version line, then seq, prev, at and each
    /// field's name and value, each as `<UTF-8 length>:<text>\n`.
    static func hash(seq: Int, prev: String, at: Int64, fields: [AuditField]) -> String {
        var bytes = Array("portico-audit-v1\n".utf8)
        func append(_ text: String) {
            bytes += Array("\(text.utf8.count):".utf8)
            bytes += Array(text.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        append(String(seq))
        append(prev)
        append(String(at))
        for field in fields {
            append(field.name)
            append(field.value)
        }
        return Hex.encode(SHA256.hash(bytes))
    }

    /// The stream entry's fields: the event's own, then the chain's four.
    var streamFields: [AuditField] {
        fields + [
            AuditField(FieldName.seq, String(seq)), AuditField(FieldName.prev, prev), AuditField(FieldName.at, String(at)),
            AuditField(FieldName.hash, hash),
        ]
    }

    /// The event a stream entry holds; nil when the entry carries no chain fields (written
    /// before the chain existed). The chain's fields are the last four.
    init?(entry id: String, fields entryFields: [AuditField]) {
        guard entryFields.count >= 4 else { return nil }
        let tail = Array(entryFields.suffix(4))
        guard tail.map(\.name) == [FieldName.seq, FieldName.prev, FieldName.at, FieldName.hash],
              let seq = Int(tail[0].value), let at = Int64(tail[2].value)
        else { return nil }
        self.seq = seq
        self.prev = tail[1].value
        self.at = at
        self.hash = tail[3].value
        self.fields = Array(entryFields.dropLast(4))
        self.streamID = id
    }

    enum CodingKeys: String, CodingKey {
        case seq, prev, at, fields, hash
        case streamID = "stream_id"
    }
}

extension AuditField: Codable {
    /// A field is archived as a two-element array `[name, value]`.
    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        let name = try container.decode(String.self)
        let value = try container.decode(String.self)
        self.init(name, value)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(name)
        try container.encode(value)
    }
}
