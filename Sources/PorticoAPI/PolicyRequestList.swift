public import PorticoCore

/// `POST /api/v2/requests`: ConsoleMe's `{"filters": {"<column>": "<case-insensitive regex>" |
/// [fromEpoch, toEpoch]}, "limit"}` plus Portico's `status`, `mine`, `sort` (`request_time` or
/// `-request_time`, the default) and `cursor` (from the previous page's `next_cursor`).
public struct PolicyRequestListQuery: Codable, Sendable, Hashable {
    public var filters: [String: JSONValue]?
    public var limit: Int?
    public var status: String?
    public var mine: Bool?
    public var sort: String?
    public var cursor: String?

    public init(filters: [String: JSONValue]? = nil, limit: Int? = nil, status: String? = nil, mine: Bool? = nil, sort: String? = nil, cursor: String? = nil) {
        self.filters = filters
        self.limit = limit
        self.status = status
        self.mine = mine
        self.sort = sort
        self.cursor = cursor
    }
}

/// One row of the list: the stored item's columns (`request_id`, `arn`, `username`, `status`,
/// `request_time`, `last_updated`, `justification`) as ConsoleMe's table shows them.
public struct PolicyRequestRow: Codable, Sendable, Hashable {
    public var requestID: String
    public var arn: String
    public var username: String
    public var status: String
    public var requestTime: Int
    public var lastUpdated: Int
    public var justification: String?

    public init(requestID: String, arn: String, username: String, status: String, requestTime: Int, lastUpdated: Int, justification: String?) {
        self.requestID = requestID
        self.arn = arn
        self.username = username
        self.status = status
        self.requestTime = requestTime
        self.lastUpdated = lastUpdated
        self.justification = justification
    }

    enum CodingKeys: String, CodingKey {
        case arn, username, status, justification
        case requestID = "request_id"
        case requestTime = "request_time"
        case lastUpdated = "last_updated"
    }
}

/// The list's answer: `{"totalCount", "filteredCount" (every match, before the page limit),
/// "data": [row], "next_cursor"}`.
public struct PolicyRequestListResponse: Codable, Sendable, Hashable {
    public var totalCount: Int
    public var filteredCount: Int
    public var data: [PolicyRequestRow]
    public var nextCursor: String?

    public init(totalCount: Int, filteredCount: Int, data: [PolicyRequestRow], nextCursor: String?) {
        self.totalCount = totalCount
        self.filteredCount = filteredCount
        self.data = data
        self.nextCursor = nextCursor
    }

    enum CodingKeys: String, CodingKey {
        case totalCount, filteredCount, data
        case nextCursor = "next_cursor"
    }
}
