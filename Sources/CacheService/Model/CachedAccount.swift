/// An AWS account the cache sweeps, with its friendly name.
public struct CachedAccount: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// Where the account came from: `config` or `organizations`.
    public var source: String
    /// `ACTIVE` for configured accounts; Organizations' status otherwise.
    public var status: String

    public init(id: String, name: String, source: String, status: String = "ACTIVE") {
        self.id = id
        self.name = name
        self.source = source
        self.status = status
    }
}
