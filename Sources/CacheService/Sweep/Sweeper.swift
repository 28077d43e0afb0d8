import PorticoAWS

/// Reads one scope's items from AWS through the spoke role of its account.
protocol Sweeper: Sendable {
    func sweep(_ context: SweepContext) async throws -> [InventoryItem]
}

/// What a sweeper works with: an AWS client acting in the scope's account (and region), the
/// settings, and the tally its calls are counted on.
struct SweepContext: Sendable {
    var scope: SweepScope
    /// Signs as the account's spoke role, in the scope's region (or the hub's for global kinds).
    var client: AWSClient
    var settings: CacheSettings
    var calls: AWSCallTally
}

extension Dictionary where Key == String, Value == String {
    /// Sets `key` when `value` is present and not empty.
    mutating func set(_ key: String, _ value: String?) {
        if let value, !value.isEmpty { self[key] = value }
    }
}
