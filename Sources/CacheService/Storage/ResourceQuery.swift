import Foundation
import PorticoCrypto

/// What to list: optionally only some accounts and types, names containing a text
/// (case-insensitive), items carrying a tag (with a given value, or any). Pages are at most
/// `limit` items; `cursor` continues where the previous page stopped.
public struct ResourceQuery: Sendable, Hashable {
    public var accounts: [String]
    public var types: [InventoryType]
    public var nameContains: String?
    public var tagKey: String?
    public var tagValue: String?
    public var cursor: String?
    public var limit: Int
    /// Stops the page early once the items' stored size passes this (so a page of large
    /// policies still fits an RPC frame); at least one item is always returned.
    public var maxBytes: Int

    /// The largest page.
    public static let maxLimit = 500

    public init(
        accounts: [String] = [], types: [InventoryType] = [], nameContains: String? = nil, tagKey: String? = nil,
        tagValue: String? = nil, cursor: String? = nil, limit: Int = 50, maxBytes: Int = .max
    ) {
        self.accounts = accounts
        self.types = types
        self.nameContains = nameContains
        self.tagKey = tagKey
        self.tagValue = tagValue
        self.cursor = cursor
        self.limit = limit
        self.maxBytes = maxBytes
    }
}

/// One page of a listing. A page may hold fewer than `limit` items (even none) and still have a
/// `nextCursor`: each call examines a bounded number of entries, so a selective filter over a
/// large estate takes several calls rather than one unbounded one.
public struct ResourcePage: Sendable, Hashable {
    public var items: [InventoryItem]
    /// Where the next page starts; nil when the listing is complete.
    public var nextCursor: String?

    public init(items: [InventoryItem], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// A position in a listing: the last entry examined, by account, type, region and index member.
/// Carried to clients as base64url JSON; a cursor that does not decode is an invalid argument.
struct ListingCursor: Codable, Hashable {
    var account: String
    var type: String
    var region: String?
    var member: String

    var encoded: String {
        let json = (try? ItemCoding.encodeJSON(self)) ?? []
        return Base64URL.encode(json)
    }

    init(account: String, type: String, region: String?, member: String) {
        self.account = account
        self.type = type
        self.region = region
        self.member = member
    }

    init(decoding text: String) throws(CacheError) {
        guard text.utf8.count <= 8192, let bytes = Base64URL.decode(text),
              let cursor = try? ItemCoding.decodeJSON(ListingCursor.self, bytes, what: "cursor")
        else { throw .invalidArgument("the cursor is not one this service handed out") }
        self = cursor
    }
}
