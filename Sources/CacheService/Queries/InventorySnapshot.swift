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
    /// The few distinct values of the account and technology columns, and each row's slot in
    /// them, so a filter on those columns is checked once per value rather than once per row.
    let accountSlots: KeySlots
    let accountNameSlots: KeySlots
    let technologySlots: KeySlots

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
        accountSlots = KeySlots(accountKeys)
        accountNameSlots = KeySlots(accountNameKeys)
        technologySlots = KeySlots(technologyKeys)
    }

    /// The distinct values of a low-cardinality column; nil for ARNs.
    func slots(_ column: InventoryFilter.Column) -> KeySlots? {
        switch column {
        case .arn: nil
        case .accountID: accountSlots
        case .accountName: accountNameSlots
        case .technology: technologySlots
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

/// A column's distinct keys and, per row, the position of its key among them.
struct KeySlots: Sendable {
    let values: [[UInt8]]
    let slots: [Int]

    init(_ keys: [[UInt8]]) {
        var positions: [[UInt8]: Int] = [:]
        var values: [[UInt8]] = []
        var last: (key: [UInt8], slot: Int)?
        slots = keys.map { key in
            if let last, last.key == key { return last.slot }
            let slot = positions[key] ?? {
                values.append(key)
                positions[key] = values.count - 1
                return values.count - 1
            }()
            last = (key, slot)
            return slot
        }
        self.values = values
    }
}
