import Foundation
import PorticoCrypto

/// The policies table over `InventoryIndex`: rows matching every filter, sorted by a column
/// (ties by ARN), a page after a keyset cursor (the last row's sort key and ARN, so a page
/// boundary holds while the inventory changes), and the number of matching rows.
public struct InventoryTable: Sendable {
    let index: InventoryIndex

    /// The largest page.
    public static let maxLimit = 1000

    /// What to read.
    public struct Query: Sendable, Hashable {
        public var filters: [InventoryFilter]
        public var sort: InventoryFilter.Column
        public var descending: Bool
        public var cursor: String?
        public var limit: Int
        /// Leaves out roles hidden by `RoleVisibility`.
        public var restricted: Bool

        public init(
            filters: [InventoryFilter] = [], sort: InventoryFilter.Column = .arn, descending: Bool = false,
            cursor: String? = nil, limit: Int = 50, restricted: Bool = false
        ) {
            self.filters = filters
            self.sort = sort
            self.descending = descending
            self.cursor = cursor
            self.limit = limit
            self.restricted = restricted
        }
    }

    /// A page: its rows with their account names, the count of every matching row, and where
    /// the next page starts (nil on the last).
    public struct Page: Sendable {
        public var rows: [(row: InventoryRow, accountName: String)]
        public var total: Int
        public var nextCursor: String?
    }

    /// What the table calls an account without a name.
    public static let unknownAccount = "Unknown"

    public func page(_ query: Query) async throws -> Page {
        guard (1...Self.maxLimit).contains(query.limit) else {
            throw CacheError.invalidArgument("page.limit must be 1 to \(Self.maxLimit)")
        }
        let cursor = try query.cursor.flatMap { $0.isEmpty ? nil : try TableCursor(decoding: $0) }
        if let cursor, cursor.sort != query.sort.rawValue || cursor.descending != query.descending {
            throw CacheError.invalidArgument("the cursor belongs to another sort order")
        }
        let (rows, names) = try await index.snapshot()
        var nameKeys: [String: [UInt8]] = [:]
        for (id, name) in names { nameKeys[id] = Array(name.lowercased().utf8) }
        let unknown = Array(Self.unknownAccount.lowercased().utf8)
        func value(_ row: InventoryRow, _ column: InventoryFilter.Column) -> [UInt8] {
            switch column {
            case .arn: row.arnKey
            case .accountID: Array(row.accountID.utf8)
            case .accountName: nameKeys[row.accountID] ?? unknown
            case .technology: Array(row.technology.lowercased().utf8)
            }
        }
        var matches: [InventoryRow] = []
        for row in rows {
            if query.restricted && row.hidden { continue }
            if query.filters.allSatisfy({ $0.matches(value(row, $0.column)) }) { matches.append(row) }
        }
        // `rows` is in ARN order; other orders sort the matches by their key, then ARN.
        var keyed: [(key: [UInt8], row: InventoryRow)] = matches.map { (query.sort == .arn ? [] : value($0, query.sort), $0) }
        if query.sort != .arn {
            keyed.sort { lhs, rhs in
                lhs.key == rhs.key ? lhs.row.arnKey.lexicographicallyPrecedes(rhs.row.arnKey) : lhs.key.lexicographicallyPrecedes(rhs.key)
            }
        }
        if query.descending { keyed.reverse() }
        var start = 0
        if let cursor {
            let after = (Array(cursor.key.utf8), Array(cursor.arn.utf8))
            start = Self.firstIndex(in: keyed, after: after, descending: query.descending)
        }
        let end = min(start + query.limit, keyed.count)
        let page = keyed[start..<end]
        let next = end < keyed.count ? page.last.map { last in
            TableCursor(
                sort: query.sort.rawValue, descending: query.descending,
                key: String(decoding: last.key, as: UTF8.self), arn: String(decoding: last.row.arnKey, as: UTF8.self)
            ).encoded
        } : nil
        return Page(
            rows: page.map { ($0.row, names[$0.row.accountID] ?? Self.unknownAccount) }, total: keyed.count, nextCursor: next)
    }

    /// The first position whose (key, ARN) comes after `after` in the page order (binary search).
    static func firstIndex(
        in keyed: [(key: [UInt8], row: InventoryRow)], after: ([UInt8], [UInt8]), descending: Bool
    ) -> Int {
        func precedes(_ lhs: ([UInt8], [UInt8]), _ rhs: ([UInt8], [UInt8])) -> Bool {
            lhs.0 == rhs.0 ? lhs.1.lexicographicallyPrecedes(rhs.1) : lhs.0.lexicographicallyPrecedes(rhs.0)
        }
        var low = 0
        var high = keyed.count
        while low < high {
            let mid = (low + high) / 2
            let entry = (keyed[mid].key, keyed[mid].row.arnKey)
            let isAfter = descending ? precedes(entry, after) : precedes(after, entry)
            if isAfter { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

/// A position in the policies table: the last row's sort key and ARN, for one sort order.
/// Carried to clients as base64url JSON; one that does not decode is an invalid argument.
struct TableCursor: Codable, Hashable {
    var sort: String
    var descending: Bool
    var key: String
    var arn: String

    var encoded: String { Base64URL.encode((try? ItemCoding.encodeJSON(self)) ?? []) }

    init(sort: String, descending: Bool, key: String, arn: String) {
        self.sort = sort
        self.descending = descending
        self.key = key
        self.arn = arn
    }

    init(decoding text: String) throws(CacheError) {
        guard text.utf8.count <= 8192, let bytes = Base64URL.decode(text),
              let cursor = try? ItemCoding.decodeJSON(TableCursor.self, bytes, what: "cursor")
        else { throw .invalidArgument("the cursor is not one this service handed out") }
        self = cursor
    }
}
