import Foundation
import PorticoAPI
import PorticoCore

extension PolicyRequests {
    /// `GET /api/v2/requests/{id}`: the stored request and what the caller may do; never writes.
    func detail(_ id: String, caller: RequestCaller) async throws -> PolicyRequestDetail {
        guard let request = try await store.get(id) else { throw PolicyRequestProblem.notFound("Error getting request: no request \(id)") }
        let text = String(decoding: try APIJSON.encode(request), as: UTF8.self)
        return PolicyRequestDetail(request: text, lastUpdated: request.lastUpdated, requestConfig: authorization.config(caller, request, accounts: accounts(of: request)))
    }

    /// `POST /api/v2/requests`: one page from the list index (rebuilt from the table after a flush).
    func list(_ query: PolicyRequestListQuery, caller: RequestCaller) async throws -> PolicyRequestListResponse {
        if !(try await index.isBuilt()) { try await index.rebuild(from: try await store.all()) }
        let limit = min(max(query.limit ?? 50, 1), 1000)
        let cursor: Int
        if let text = query.cursor, !text.isEmpty {
            guard let position = Int(text), position >= 0 else { throw PolicyRequestProblem.badRequest("cursor: not a cursor from a previous page") }
            cursor = position
        } else {
            cursor = 0
        }
        let ascending: Bool
        switch query.sort ?? "-request_time" {
        case "-request_time": ascending = false
        case "request_time": ascending = true
        default: throw PolicyRequestProblem.badRequest("sort: request_time or -request_time")
        }
        if let status = query.status, PolicyRequest.Status(rawValue: status) == nil {
            throw PolicyRequestProblem.badRequest("status: one of pending, approved, rejected, cancelled, expired")
        }
        var tests: [(PolicyRequestRow) -> Bool] = []
        for (column, filter) in (query.filters ?? [:]).sorted(by: { $0.key < $1.key }) {
            tests.append(try Self.test(column: column, filter: filter))
        }
        let source: RequestListIndex.Source
        if query.mine == true {
            source = .user(caller.user)
            if let status = query.status { tests.append { $0.status == status } }
        } else if let status = query.status {
            source = .status(status)
        } else {
            source = .all
        }
        let matches: ((PolicyRequestRow) -> Bool)? = tests.isEmpty ? nil : { row in tests.allSatisfy { $0(row) } }
        let page = try await index.page(source: source, limit: limit, cursor: cursor, ascending: ascending, matches: matches)
        return PolicyRequestListResponse(
            totalCount: page.total, filteredCount: page.filtered, data: page.rows, nextCursor: page.next.map(String.init))
    }

    /// ConsoleMe's filter: a case-insensitive regex on a text column, or `[from, to]` epoch seconds.
    static func test(column: String, filter: JSONValue) throws -> (PolicyRequestRow) -> Bool {
        let text: @Sendable (PolicyRequestRow) -> String? = switch column {
        case "request_id": { $0.requestID }
        case "arn": { $0.arn }
        case "username": { $0.username }
        case "status": { $0.status }
        case "justification": { $0.justification }
        case "request_time", "last_updated": { _ in nil }
        default: throw PolicyRequestProblem.badRequest("filters.\(column.prefix(64)): not a column (request_id, arn, username, status, justification, request_time, last_updated)")
        }
        switch filter {
        case .string(let pattern):
            guard pattern.utf8.count <= 512 else { throw PolicyRequestProblem.badRequest("filters.\(column): at most 512 bytes") }
            guard let compiled = RequestRowPattern(pattern) else {
                throw PolicyRequestProblem.badRequest("filters.\(column): not a regular expression")
            }
            return { row in text(row).map(compiled.matches) ?? false }
        case .array(let bounds) where bounds.count == 2 && (column == "request_time" || column == "last_updated"):
            guard let from = bounds[0].doubleValue, let to = bounds[1].doubleValue else {
                throw PolicyRequestProblem.badRequest("filters.\(column): [fromEpoch, toEpoch] numbers")
            }
            return { row in
                let value = Double(column == "request_time" ? row.requestTime : row.lastUpdated)
                return from <= value && value <= to
            }
        default:
            throw PolicyRequestProblem.badRequest("filters.\(column): a regular expression, or [fromEpoch, toEpoch] for times")
        }
    }
}
