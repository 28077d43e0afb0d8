/// `POST /api/v2/policies`: ConsoleMe's `{"filters": {column: pattern}, "limit": n}` with
/// Portico's `sort`, `order` (`asc`|`desc`) and `cursor`. Patterns are case-insensitive text,
/// `^prefix`, `suffix$` or `^exact$` over `account_id`, `account_name`, `arn` or `technology`.
public struct PoliciesTableQuery: Codable, Sendable, Hashable {
    public var filters: [String: String]?
    public var limit: Int?
    public var sort: String?
    public var order: String?
    public var cursor: String?

    public init(filters: [String: String]? = nil, limit: Int? = nil, sort: String? = nil, order: String? = nil, cursor: String? = nil) {
        self.filters = filters
        self.limit = limit
        self.sort = sort
        self.order = order
        self.cursor = cursor
    }
}

/// One row of the policies table, ConsoleMe's shape: `{account_id, account_name, arn,
/// technology, templated: null, errors: 0}` (Portico has no templates or error counts).
public struct PoliciesTableRow: Codable, Sendable, Hashable {
    public var accountID: String
    public var accountName: String
    public var arn: String
    public var technology: String
    public var errors: Int

    public init(accountID: String, accountName: String, arn: String, technology: String, errors: Int = 0) {
        self.accountID = accountID
        self.accountName = accountName
        self.arn = arn
        self.technology = technology
        self.errors = errors
    }

    enum CodingKeys: String, CodingKey {
        case accountID = "account_id", accountName = "account_name", arn, technology, templated, errors
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        accountID = try container.decode(String.self, forKey: .accountID)
        accountName = try container.decode(String.self, forKey: .accountName)
        arn = try container.decode(String.self, forKey: .arn)
        technology = try container.decode(String.self, forKey: .technology)
        errors = try container.decodeIfPresent(Int.self, forKey: .errors) ?? 0
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(accountID, forKey: .accountID)
        try container.encode(accountName, forKey: .accountName)
        try container.encode(arn, forKey: .arn)
        try container.encode(technology, forKey: .technology)
        try container.encodeNil(forKey: .templated)
        try container.encode(errors, forKey: .errors)
    }
}

/// The answer of `POST /api/v2/policies` (ConsoleMe's DataTableResponse): `{totalCount,
/// filteredCount, data, next_cursor}`. Both counts are the rows matching the filters before the
/// limit (ConsoleMe's filteredCount was counted after it); `next_cursor` is null on the last page.
public struct PoliciesTablePage: Codable, Sendable, Hashable {
    public var totalCount: Int
    public var filteredCount: Int
    public var data: [PoliciesTableRow]
    public var nextCursor: String?

    public init(total: Int, data: [PoliciesTableRow], nextCursor: String?) {
        self.totalCount = total
        self.filteredCount = total
        self.data = data
        self.nextCursor = nextCursor
    }

    enum CodingKeys: String, CodingKey { case totalCount, filteredCount, data, nextCursor = "next_cursor" }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(totalCount, forKey: .totalCount)
        try container.encode(filteredCount, forKey: .filteredCount)
        try container.encode(data, forKey: .data)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}
