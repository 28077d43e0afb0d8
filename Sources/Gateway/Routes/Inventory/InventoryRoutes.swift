import Foundation
import Hummingbird
import NIOCore
import PorticoAPI
import Proto

/// The inventory, ConsoleMe's paths over the cache, each answered in one small cache read:
/// - `POST /api/v2/policies[?format=csv]`: the policies table (`PoliciesTableQuery` →
///   `PoliciesTablePage`; CSV streamed with a header row, every matching row)
/// - `GET /api/v2/roles/{account}/{name}[?force_refresh=true]`, `GET /api/v2/users/{account}/{name}`
///   (`InventoryPrincipal`)
/// - `GET /api/v2/resources/{account}/{s3|sqs|sns|managed_policy}[/{region or path}]/{name}`
///   (`InventoryResource`)
/// - `GET /api/v2/managed_policies/{account|policy_arn}`, `GET /api/v2/managed_policies_on_principal/{arn}`,
///   `GET /api/v2/get_resource_url?arn=` (`InventoryWebResponse`)
/// Callers without `can_admin` never see a role hidden by `roles.allowed_tags`/`allowed_arns`
/// (404 like a missing item).
struct InventoryRoutes: Sendable {
    let backends: GatewayBackends
    var lookup: InventoryLookup { InventoryLookup(backends: backends) }

    /// The largest policies-table body.
    static let maxBodyBytes = 64 * 1024
    /// Rows per cache call while a CSV export streams.
    static let exportPageSize: UInt32 = 1000

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.post("api/v2/policies") { request, context in
            try await backends.routeMetrics.counting(.policies) { try await policies(request, context: context) }
        }
        group.get("api/v2/roles/:account/:name") { request, context in
            try await backends.routeMetrics.counting(.inventoryItem) {
                let arn = "arn:aws:iam::\(try Self.account(context)):role/\(try Self.segment(context, "name"))"
                let refresh = ["true", "1", "yes"].contains(request.uri.queryParameters["force_refresh"]?.lowercased() ?? "")
                return try await principal(arn: arn, refresh: refresh, context: context)
            }
        }
        group.get("api/v2/users/:account/:name") { _, context in
            try await backends.routeMetrics.counting(.inventoryItem) {
                let arn = "arn:aws:iam::\(try Self.account(context)):user/\(try Self.segment(context, "name"))"
                return try await principal(arn: arn, refresh: false, context: context)
            }
        }
        group.get("api/v2/resources/:account/:kind/**") { _, context in
            try await backends.routeMetrics.counting(.inventoryItem) { try await resource(context: context) }
        }
        group.get("api/v2/managed_policies/**") { _, context in
            try await backends.routeMetrics.counting(.inventoryItem) { try await managedPolicies(context: context) }
        }
        group.get("api/v2/managed_policies_on_principal/**") { _, context in
            try await backends.routeMetrics.counting(.inventoryItem) { try await policiesOnPrincipal(context: context) }
        }
        group.get("api/v2/get_resource_url") { request, context in
            try await backends.routeMetrics.counting(.inventoryItem) {
                guard let arn = request.uri.queryParameters["arn"].map(String.init), Self.isPlain(arn, max: 2048) else {
                    throw APIError.badRequest("arn: a query parameter with the ARN is required")
                }
                let caller = try context.requireAuthorization()
                let detail = try await lookup.detail(arn: arn, caller: caller, context: context)
                guard let item = detail.item, let url = InventoryAnswers.url(of: item) else {
                    return JSONBody.response(
                        InventoryWebResponse(statusCode: 404, errors: ["no page for this resource type"], data: nil), status: .notFound)
                }
                return JSONBody.response(InventoryWebResponse(
                    message: "Successfully generated URL for ARN", data: .object(["url": .string(url)])))
            }
        }
    }

    // MARK: Policies table

    private func policies(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let caller = try context.requireAuthorization()
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Self.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw APIError.badRequest("the body is larger than \(Self.maxBodyBytes) bytes")
        }
        let query: PoliciesTableQuery
        do {
            query = buffer.readableBytes == 0
                ? PoliciesTableQuery() : try APIJSON.decode(PoliciesTableQuery.self, from: Data(buffer.readableBytesView))
        } catch {
            throw APIError.badRequest("the body is not a policies query ({filters: {column: pattern}, limit, sort, order, cursor}): \(Self.reason(error))")
        }
        let descending: Bool
        switch query.order?.lowercased() {
        case nil, "asc": descending = false
        case "desc": descending = true
        default: throw APIError.badRequest("order: asc or desc")
        }
        let filters = (query.filters ?? [:]).sorted { $0.key < $1.key }.map { CacheInventoryFilter(column: $0.key, pattern: $0.value) }
        var cacheQuery = CacheInventoryQueryRequest(
            filters: filters, sort: query.sort ?? "", descending: descending,
            page: PageRequest(cursor: query.cursor ?? "", limit: 0), restricted: InventoryLookup.isRestricted(caller))
        if request.uri.queryParameters["format"] == "csv" {
            return try await csv(cacheQuery, context: context)
        }
        let limit = query.limit ?? 1000
        guard (1...Int(InventoryTableLimits.maxPage)).contains(limit) else {
            throw APIError.badRequest("limit: 1 to \(InventoryTableLimits.maxPage)")
        }
        cacheQuery.page?.limit = UInt32(limit)
        let page = try await lookup.calling(context) {
            try await backends.clients.cache.queryInventory(cacheQuery, options: backends.callOptions(for: context))
        }
        let next = page.page?.nextCursor ?? ""
        return JSONBody.response(PoliciesTablePage(
            total: Int(page.total), data: page.rows.map(Self.row), nextCursor: next.isEmpty ? nil : next))
    }

    /// Every matching row as CSV with a header row, streamed a page at a time. The first page is
    /// read before the answer starts, so a bad filter is still a 400.
    private func csv(_ query: CacheInventoryQueryRequest, context: GatewayRequestContext) async throws -> Response {
        var first = query
        first.page = PageRequest(cursor: query.page?.cursor ?? "", limit: Self.exportPageSize)
        let cache = backends.clients.cache
        let options = backends.callOptions(for: context)
        let opening = try await lookup.calling(context) { try await cache.queryInventory(first, options: options) }
        let body = ResponseBody { writer in
            var page = opening
            try await writer.write(ByteBuffer(string: InventoryCSV.header))
            while true {
                try await writer.write(ByteBuffer(string: page.rows.map(InventoryCSV.line).joined()))
                guard let cursor = page.page?.nextCursor, !cursor.isEmpty else { break }
                var next = query
                next.page = PageRequest(cursor: cursor, limit: Self.exportPageSize)
                page = try await cache.queryInventory(next, options: options)
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"policies.csv\"",
            ],
            body: body)
    }

    static func row(_ row: CacheInventoryRow) -> PoliciesTableRow {
        PoliciesTableRow(accountID: row.accountID, accountName: row.accountName, arn: row.arn, technology: row.technology)
    }

    // MARK: Items

    private func principal(arn: String, refresh: Bool, context: GatewayRequestContext) async throws -> Response {
        let caller = try context.requireAuthorization()
        let detail = try await lookup.detail(arn: arn, caller: caller, refresh: refresh, context: context)
        guard let item = detail.item else { throw APIError.notFound("not found in the inventory") }
        var answer = InventoryAnswers.principal(detail, item: item)
        if item.type == "role" {
            answer.cloudtrailErrors = await DeniedCallsLookup(backends: backends).cloudTrailErrors(roleARN: item.arn, context: context)
        }
        return JSONBody.response(answer)
    }

    private func resource(context: GatewayRequestContext) async throws -> Response {
        let caller = try context.requireAuthorization()
        let account = try Self.account(context)
        let kind = try Self.segment(context, "kind")
        let rest = context.parameters.getCatchAll().map(String.init)
        guard !rest.isEmpty, rest.allSatisfy({ Self.isPlain($0, max: 512) && !$0.isEmpty }) else {
            throw APIError.badRequest("the resource's name is missing or not usable")
        }
        let arn: String
        switch (kind, rest.count) {
        case ("s3", 1): arn = "arn:aws:s3:::\(rest[0])"
        case ("sqs", 2), ("sns", 2): arn = "arn:aws:\(kind):\(rest[0]):\(account):\(rest[1])"
        case ("managed_policy", _): arn = "arn:aws:iam::\(account):policy/\(rest.joined(separator: "/"))"
        default:
            throw APIError.badRequest("resources/{account}/{s3|sqs|sns|managed_policy}[/{region or path}]/{name}")
        }
        let detail = try await lookup.detail(arn: arn, caller: caller, context: context)
        guard let item = detail.item, item.accountID == account else { throw APIError.notFound("not found in the inventory") }
        return JSONBody.response(InventoryAnswers.resource(detail, item: item, canSaveDelete: caller.rights.canAdminPolicies))
    }

    private func managedPolicies(context: GatewayRequestContext) async throws -> Response {
        let caller = try context.requireAuthorization()
        let target = context.parameters.getCatchAll().joined(separator: "/")
        if target.utf8.count == 12, target.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
            var arns: [String] = []
            var cursor = ""
            repeat {
                let page = try await lookup.calling(context) {
                    try await backends.clients.cache.queryInventory(CacheInventoryQueryRequest(
                        filters: [.init(column: "account_id", pattern: "^\(target)$"), .init(column: "technology", pattern: "^managed_policy$")],
                        page: PageRequest(cursor: cursor, limit: 1000), restricted: InventoryLookup.isRestricted(caller)),
                        options: backends.callOptions(for: context))
                }
                arns += page.rows.map(\.arn)
                cursor = page.page?.nextCursor ?? ""
            } while !cursor.isEmpty
            return JSONBody.response(arns)
        }
        guard target.hasPrefix("arn:aws:iam::"), Self.isPlain(target, max: 2048) else {
            throw APIError.badRequest("managed_policies/{12-digit account id | policy ARN}")
        }
        let detail = try await lookup.detail(arn: target, caller: caller, context: context)
        guard let item = detail.item, item.type == "policy" else { throw APIError.notFound("not a cached managed policy") }
        return JSONBody.response(InventoryWebResponse(data: InventoryJSON(parsing: item.policyDocument)))
    }

    /// The documents of the principal's attached customer-managed policies (AWS-managed ones
    /// are not cached: null).
    private func policiesOnPrincipal(context: GatewayRequestContext) async throws -> Response {
        let caller = try context.requireAuthorization()
        let arn = context.parameters.getCatchAll().joined(separator: "/")
        guard arn.hasPrefix("arn:aws:iam::"), Self.isPlain(arn, max: 2048) else {
            return JSONBody.response(InventoryWebResponse(statusCode: 400, errors: ["not an IAM principal ARN"], data: nil), status: .badRequest)
        }
        let detail = try await lookup.detail(arn: arn, caller: caller, context: context)
        guard let item = detail.item, item.type == "role" || item.type == "user" else { throw APIError.notFound("not a cached role or user") }
        var documents: [String: InventoryJSON] = [:]
        for attached in item.attachedPolicies {
            let policy = try? await lookup.detail(arn: attached.arn, caller: caller, context: context)
            documents[attached.arn] = policy?.item.map { InventoryJSON(parsing: $0.policyDocument) } ?? .null
        }
        return JSONBody.response(InventoryWebResponse(data: .object(documents)))
    }

    // MARK: Inputs

    static func account(_ context: GatewayRequestContext) throws -> String {
        let account = context.parameters.get("account") ?? ""
        guard account.utf8.count == 12, account.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw APIError.badRequest("account: a 12-digit account id")
        }
        return account
    }

    static func segment(_ context: GatewayRequestContext, _ name: String) throws -> String {
        guard let value = context.parameters.get(name)?.removingPercentEncoding, isPlain(value, max: 512), !value.isEmpty else {
            throw APIError.badRequest("\(name): missing or not usable")
        }
        return value
    }

    /// At most `max` bytes, no control characters, no colons (which would change an ARN's fields).
    static func isPlain(_ text: String, max: Int) -> Bool {
        text.utf8.count <= max && !text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }

    static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
             DecodingError.keyNotFound(_, let context), DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default: return "not JSON"
        }
    }
}

/// The page limits of the policies table (the cache's).
enum InventoryTableLimits {
    static let maxPage: UInt32 = 1000
}

/// The policies table as CSV (RFC 4180): a header row, then `account_id,account_name,arn,technology`.
/// Fields starting with `=`, `+`, `-` or `@` get a leading `'`, so spreadsheets never run them.
enum InventoryCSV {
    static let header = "account_id,account_name,arn,technology\r\n"

    static func line(_ row: CacheInventoryRow) -> String {
        [row.accountID, row.accountName, row.arn, row.technology].map(field).joined(separator: ",") + "\r\n"
    }

    static func field(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@".contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
