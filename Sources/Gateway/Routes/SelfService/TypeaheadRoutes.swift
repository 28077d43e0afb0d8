import Hummingbird
import PorticoCore
import Proto

/// ConsoleMe's typeahead routes (CONSOLEME.md 4), ranked by `TypeaheadSearch` (name prefix
/// first, then substring) and limited:
/// - `GET /policies/typeahead` and `/api/v1/policies/typeahead`
///   `?resource=s3|sqs|sns|iam_arn|iam_role|account&search=&account_id=&limit=10&show_full_arn_for_s3_buckets=`:
///   s3/sqs/sns `[{"title", "account_id"}]` (a bucket by name, or by ARN with
///   `show_full_arn_for_s3_buckets`; queues and topics by ARN), iam_arn `[{"title": arn}]`,
///   iam_role the distinct role names `[{"title": name}]`, account `[{"title": "<name> (<id>)"}]`;
///   400 without `resource` or `search`, 404 for another resource (`app` included: Portico keeps no apps).
/// - `GET /api/v2/typeahead/resources?typeahead=&account_id=&resource_type=&region=&limit=20&ui_formatted=`:
///   ARNs, or `[{"title": arn}]` with `ui_formatted`.
/// - `GET /api/v2/typeahead/self_service_resources?typeahead=&limit=20`: the roles a person may
///   ask permissions for, their own eligible roles first, as ConsoleMe's
///   `[{icon, number_of_affected_resources, display_text, account, details_endpoint, application_name, principal}]`;
///   `[]` without `typeahead`.
struct TypeaheadRoutes: Sendable {
    let backends: GatewayBackends

    var search: TypeaheadSearch { TypeaheadSearch(lookup: InventoryLookup(backends: backends)) }

    func addRoutes(to authorized: RouterGroup<GatewayRequestContext>) {
        for path in ["policies/typeahead", "api/v1/policies/typeahead"] {
            authorized.get(RouterPath(path)) { request, context in try await policies(request, context) }
        }
        authorized.get("api/v2/typeahead/resources") { request, context in try await resources(request, context) }
        authorized.get("api/v2/typeahead/self_service_resources") { request, context in try await selfService(request, context) }
    }

    private func policies(_ request: Request, _ context: GatewayRequestContext) async throws -> Response {
        let caller = try context.requireAuthorization()
        let query = request.uri.queryParameters
        guard let resource = query.get("resource"), !resource.isEmpty else { throw APIError.badRequest("resource is required") }
        guard let text = query.get("search"), !text.isEmpty else { throw APIError.badRequest("search is required") }
        let limit = try Self.limit(query.get("limit"), default: 10)
        let accounts = try Self.accounts(query.get("account_id"))
        let found: [JSONValue]
        switch resource {
        case "s3", "sqs", "sns":
            let kind: TypeaheadSearch.Kind = resource == "s3" ? .bucket : resource == "sqs" ? .queue : .topic
            let fullARN = resource != "s3" || query.get("show_full_arn_for_s3_buckets") != nil
            found = try await search.search(text, kinds: [kind], accounts: accounts, limit: limit, caller: caller, context: context).map {
                ["title": .string(fullARN ? $0.arn : $0.name), "account_id": .string($0.accountID)]
            }
        case "iam_arn":
            found = try await search.search(text, kinds: [.role], accounts: accounts, limit: limit, caller: caller, context: context)
                .map { ["title": .string($0.arn)] }
        case "iam_role":
            // The same name in many accounts is one suggestion: over-fetch, then keep the first of each.
            let matches = try await search.search(
                text, kinds: [.role], accounts: accounts, limit: TypeaheadSearch.maxLimit, caller: caller, context: context)
            var seen: Set<String> = []
            found = matches.filter { seen.insert($0.name).inserted }.prefix(limit).map { match -> JSONValue in ["title": .string(match.name)] }
        case "account":
            found = try await accountTitles(matching: text, limit: limit, context: context).map { title -> JSONValue in ["title": .string(title)] }
        default:
            throw APIError.notFound("resource must be s3, sqs, sns, iam_arn, iam_role or account, not \(resource.prefix(40))")
        }
        return JSONBody.response(JSONValue.array(found))
    }

    private func resources(_ request: Request, _ context: GatewayRequestContext) async throws -> Response {
        let caller = try context.requireAuthorization()
        let query = request.uri.queryParameters
        let text = query.get("typeahead") ?? ""
        guard !text.isEmpty else { return JSONBody.response(JSONValue.array([])) }
        let limit = try Self.limit(query.get("limit"), default: 20)
        let kinds: [TypeaheadSearch.Kind]
        switch query.get("resource_type").map({ $0.lowercased() }) {
        case nil, "": kinds = [.role, .bucket, .queue, .topic, .user, .policy]
        case "s3": kinds = [.bucket]
        case "sqs": kinds = [.queue]
        case "sns": kinds = [.topic]
        case "iam": kinds = [.role, .user, .policy]
        case let other?: throw APIError.badRequest("resource_type must be s3, sqs, sns or iam, not \(other.prefix(40))")
        }
        let region = query.get("region")
        var matches = try await search.search(
            text, kinds: kinds, accounts: try Self.accounts(query.get("account_id")),
            limit: region == nil ? limit : TypeaheadSearch.maxLimit, caller: caller, context: context)
        if let region, !region.isEmpty {
            matches = matches.filter { ARN($0.arn)?.region == region }
        }
        let arns = matches.prefix(limit).map(\.arn)
        if query.get("ui_formatted").map({ $0 != "false" }) ?? false {
            return JSONBody.response(JSONValue.array(arns.map { ["title": .string($0)] }))
        }
        return JSONBody.response(JSONValue.array(arns.map(JSONValue.string)))
    }

    private func selfService(_ request: Request, _ context: GatewayRequestContext) async throws -> Response {
        let caller = try context.requireAuthorization()
        let query = request.uri.queryParameters
        let text = (query.get("typeahead") ?? "").lowercased()
        guard !text.isEmpty else { return JSONBody.response(JSONValue.array([])) }
        let limit = try Self.limit(query.get("limit"), default: 20)
        // The person's own roles first, ranked the same way; then the rest of the inventory's.
        // The name ends the ARN: a role whose name holds the text has an ARN that does.
        let eligible = try await backends.roles.listing(for: caller, logger: context.logger).roles
            .filter { $0.arn.lowercased().contains(text) }
            .map { role in
                let parts = RoleListing.parts(of: role.arn)
                return TypeaheadSearch.Match(arn: role.arn, name: parts.name, type: "role", accountID: parts.account)
            }
        let own = TypeaheadSearch.ranked(eligible, needle: text)
        var roles = Array(own.prefix(limit))
        if roles.count < limit {
            let ownARNs = Set(roles.map(\.arn))
            roles += try await search.search(
                text, kinds: [.role], limit: min(TypeaheadSearch.maxLimit, limit + roles.count), caller: caller, context: context)
                .filter { !ownARNs.contains($0.arn) }.prefix(limit - roles.count)
        }
        return JSONBody.response(JSONValue.array(roles.map { role in
            [
                "icon": "users", "number_of_affected_resources": 1, "display_text": .string(role.name),
                "account": .string(role.accountID), "details_endpoint": .string("/api/v2/roles/\(role.accountID)/\(role.name)"),
                "application_name": .null,
                "principal": ["principal_type": "AwsResource", "principal_arn": .string(role.arn)],
            ]
        }))
    }

    /// `"<name> (<id>)"` of the accounts whose name or id contains `text`, by name.
    private func accountTitles(matching text: String, limit: Int, context: GatewayRequestContext) async throws -> [String] {
        let lookup = InventoryLookup(backends: backends)
        let answer = try await lookup.calling(context) {
            try await backends.clients.cache.listAccounts(
                CacheListAccountsRequest(page: PageRequest(limit: 1000)), options: backends.callOptions(for: context))
        }
        let needle = text.lowercased()
        let matching = answer.accounts.filter { $0.name.lowercased().contains(needle) || $0.id.contains(needle) }
        let ranked = matching.sorted {
            ($0.name.lowercased().hasPrefix(needle) ? 0 : 1, $0.name.lowercased(), $0.id)
                < ($1.name.lowercased().hasPrefix(needle) ? 0 : 1, $1.name.lowercased(), $1.id)
        }
        return ranked.prefix(limit).map { "\($0.name.isEmpty ? $0.id : $0.name) (\($0.id))" }
    }

    /// `limit`, 1 to 100; 400 naming it otherwise.
    static func limit(_ text: String?, default fallback: Int) throws -> Int {
        guard let text else { return fallback }
        guard let value = Int(text), (1...TypeaheadSearch.maxLimit).contains(value) else {
            throw APIError.badRequest("limit must be a whole number from 1 to \(TypeaheadSearch.maxLimit)")
        }
        return value
    }

    /// `account_id`: one 12-digit id, or none.
    static func accounts(_ text: String?) throws -> [String] {
        guard let text, !text.isEmpty else { return [] }
        guard text.utf8.count == 12, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw APIError.badRequest("account_id must be a 12-digit account id")
        }
        return [text]
    }
}
