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
        let snapshot = try await index.snapshot()
        let hidden = snapshot.hidden
        // Filters on few-valued columns are decided once per distinct value.
        let byValue = query.filters.compactMap { filter in
            snapshot.slots(filter.column).map { slots in (slots.slots, slots.values.map(filter.matches)) }
        }
        let valueSlots = byValue.map(\.0)
        let valueAccepted = byValue.map(\.1)
        let byRow = query.filters.filter { snapshot.slots($0.column) == nil }
        let rowKeys = byRow.map { snapshot.keys($0.column) }
        var matches: [Int] = []
        rows: for position in snapshot.rows.indices {
            if query.restricted && hidden[position] { continue }
            for filter in 0..<valueSlots.count where !valueAccepted[filter][valueSlots[filter][position]] { continue rows }
            for filter in 0..<byRow.count where !byRow[filter].matches(rowKeys[filter][position]) { continue rows }
            matches.append(position)
        }
        // Page order: by (sort key, ARN), rows in ARN order keeping their order on ties, the
        // whole order reversed when descending. ARN order is the rows' own.
        let sortKeys = query.sort == .arn ? nil : snapshot.keys(query.sort)
        let arnKeys = snapshot.arnKeys
        let noKey: [UInt8] = []
        func key(_ position: Int) -> [UInt8] { sortKeys?[position] ?? noKey }
        let after = cursor.map { (Array($0.key.utf8), Array($0.arn.utf8)) }
        /// Whether the row at `position` comes after the cursor in page order.
        func isAfterCursor(_ position: Int) -> Bool {
            guard let after else { return true }
            var order = KeyBytes.compare(key(position), after.0)
            if order == 0 { order = KeyBytes.compare(arnKeys[position], after.1) }
            return query.descending ? order < 0 : order > 0
        }
        var page: [Int]
        let hasMore: Bool
        if sortKeys == nil {
            // Already in page order (reversed when descending): the cursor's place by binary search.
            let ordered = query.descending ? Array(matches.reversed()) : matches
            var low = 0
            var high = ordered.count
            while low < high {
                let mid = (low + high) / 2
                if isAfterCursor(ordered[mid]) { high = mid } else { low = mid + 1 }
            }
            let end = min(low + query.limit, ordered.count)
            page = Array(ordered[low..<end])
            hasMore = end < ordered.count
        } else {
            func precedes(_ lhs: Int, _ rhs: Int) -> Bool {
                var order = KeyBytes.compare(key(lhs), key(rhs))
                if order == 0 { order = KeyBytes.compare(arnKeys[lhs], arnKeys[rhs]) }
                if order == 0 { order = lhs - rhs }
                return query.descending ? order > 0 : order < 0
            }
            let candidates = after == nil ? matches : matches.filter(isAfterCursor)
            page = PartialSelection.first(query.limit, of: candidates, by: precedes)
            hasMore = candidates.count > query.limit
        }
        let next = hasMore ? page.last.map { last in
            TableCursor(
                sort: query.sort.rawValue, descending: query.descending,
                key: String(decoding: key(last), as: UTF8.self), arn: String(decoding: arnKeys[last], as: UTF8.self)
            ).encoded
        } : nil
        return Page(
            rows: page.map { (snapshot.rows[$0], snapshot.names[snapshot.rows[$0].accountID] ?? Self.unknownAccount) },
            total: matches.count, nextCursor: next)
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
