import Proto

/// What the typeahead routes suggest: items of the inventory whose name starts with the text
/// (the cache's `Typeahead` index, name order), then those whose name or ARN merely contains it
/// (the cache's policies table, which also hides roles from callers without `can_admin`), each
/// ARN once. The cache answers both in a few milliseconds; both are over-fetched so the ranking
/// here still has `limit` to choose from.
struct TypeaheadSearch: Sendable {
    let lookup: InventoryLookup

    /// One kind of item: the cache's type and the policies table's technology.
    struct Kind: Sendable, Hashable {
        var type: String
        var technology: String

        static let role = Kind(type: "role", technology: "AWS::IAM::Role")
        static let bucket = Kind(type: "s3_bucket", technology: "AWS::S3::Bucket")
        static let queue = Kind(type: "sqs_queue", technology: "AWS::SQS::Queue")
        static let topic = Kind(type: "sns_topic", technology: "AWS::SNS::Topic")
        static let user = Kind(type: "user", technology: "AWS::IAM::User")
        static let policy = Kind(type: "policy", technology: "managed_policy")
    }

    /// One suggestion.
    struct Match: Sendable, Hashable {
        var arn: String
        var name: String
        var type: String
        var accountID: String
    }

    /// The most a route may ask for.
    static let maxLimit = 100

    /// Up to `limit` items of `kinds` (in `accounts`, all when empty) matching `text`: prefix
    /// matches of the name first, then the name containing it, then the ARN; each group by name.
    func search(
        _ text: String, kinds: [Kind], accounts: [String] = [], limit: Int, caller: CallerAuthorization,
        context: GatewayRequestContext
    ) async throws -> [Match] {
        let needle = text.lowercased()
        guard !needle.isEmpty, limit > 0 else { return [] }
        let restricted = InventoryLookup.isRestricted(caller)
        let backends = lookup.backends
        let options = backends.callOptions(for: context)
        // Prefix matches from the name index; roles only for callers who may see every role (the
        // index does not know which roles `roles:` hides: the table below does).
        let indexed = kinds.filter { !restricted || $0 != .role }
        var calls: [@Sendable () async throws -> [Match]] = []
        if !indexed.isEmpty, needle.utf8.count <= 256, !needle.contains("\t") {
            let request = CacheTypeaheadRequest(
                prefix: needle, types: indexed.map(\.type), accountIDs: accounts, limit: UInt32(min(Self.maxLimit, limit * 2)))
            calls.append {
                try await backends.clients.cache.typeahead(request, options: options).suggestions.map {
                    Match(arn: $0.arn, name: $0.name, type: $0.type, accountID: $0.accountID)
                }
            }
        }
        // Substring matches from the policies table: one query per account (a filter holds one
        // pattern), narrowed to the one kind's technology when there is one kind, else every
        // row kept whose type is asked for.
        if Self.isPlainText(needle) {
            let types = Set(kinds.map(\.type))
            let pageLimit = UInt32(min(1000, limit * 5 * kinds.count))
            for account in accounts.isEmpty ? [nil] : accounts.map(Optional.some) {
                var filters = [CacheInventoryFilter(column: "arn", pattern: needle)]
                if kinds.count == 1 {
                    filters.append(CacheInventoryFilter(column: "technology", pattern: "^\(kinds[0].technology.lowercased())$"))
                }
                if let account { filters.append(CacheInventoryFilter(column: "account_id", pattern: "^\(account)$")) }
                let request = CacheInventoryQueryRequest(filters: filters, page: PageRequest(limit: pageLimit), restricted: restricted)
                calls.append {
                    try await backends.clients.cache.queryInventory(request, options: options).rows.filter { types.contains($0.type) }.map {
                        Match(arn: $0.arn, name: $0.name, type: $0.type, accountID: $0.accountID)
                    }
                }
            }
        }
        let answers = try await lookup.calling(context) {
            try await withThrowingTaskGroup(of: (Int, [Match]).self) { group in
                for (index, call) in calls.enumerated() { group.addTask { (index, try await call()) } }
                var answers = [[Match]](repeating: [], count: calls.count)
                for try await (index, matches) in group { answers[index] = matches }
                return answers
            }
        }
        var found: [String: Match] = [:]
        for match in answers.joined() where found[match.arn] == nil { found[match.arn] = match }
        return Self.ranked(Array(found.values), needle: needle).prefix(limit).map { $0 }
    }

    /// Name starts with the text, then name contains it, then only the ARN does; by name, then ARN.
    static func ranked(_ matches: [Match], needle: String) -> [Match] {
        // Each match's sort key once, not at every comparison.
        let keyed = matches.map { match -> (rank: Int, name: String, match: Match) in
            let name = match.name.lowercased()
            return (name.hasPrefix(needle) ? 0 : name.contains(needle) ? 1 : 2, name, match)
        }
        return keyed.sorted { ($0.rank, $0.name, $0.match.arn) < ($1.rank, $1.name, $1.match.arn) }.map(\.match)
    }

    /// Text the policies table's filter takes as a plain substring (no pattern characters).
    static func isPlainText(_ text: String) -> Bool {
        text.utf8.count <= 512 && !text.contains { "[]()*+?{}|\\^$".contains($0) }
    }
}
