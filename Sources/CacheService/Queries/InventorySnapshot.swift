/// The policies table's rows as of one `InventoryIndex` load, with every filter and sort
/// column's lowercased key laid out per row (computed once per load, not per query), so the
/// table's filter loop only compares bytes.
struct InventorySnapshot: Sendable {
    /// Sorted by lowercased ARN.
    let rows: [InventoryRow]
    let names: [String: String]
    let hidden: [Bool]
    let arnKeys: [[UInt8]]
    let accountKeys: [[UInt8]]
    let accountNameKeys: [[UInt8]]
    let technologyKeys: [[UInt8]]

    init(rows: [InventoryRow], names: [String: String]) {
        self.rows = rows
        self.names = names
        var nameKeys: [String: [UInt8]] = [:]
        for (id, name) in names { nameKeys[id] = Array(name.lowercased().utf8) }
        let unknown = Array(InventoryTable.unknownAccount.lowercased().utf8)
        hidden = rows.map(\.hidden)
        arnKeys = rows.map(\.arnKey)
        accountKeys = rows.map(\.accountKey)
        technologyKeys = rows.map(\.technologyKey)
        // Rows of an account are mostly adjacent in ARN order: reuse the last lookup.
        var last: (id: String, key: [UInt8])?
        accountNameKeys = rows.map { row in
            if let last, last.id == row.accountID { return last.key }
            let key = nameKeys[row.accountID] ?? unknown
            last = (row.accountID, key)
            return key
        }
    }

    /// Each row's key for `column`.
    func keys(_ column: InventoryFilter.Column) -> [[UInt8]] {
        switch column {
        case .arn: arnKeys
        case .accountID: accountKeys
        case .accountName: accountNameKeys
        case .technology: technologyKeys
        }
    }
}
