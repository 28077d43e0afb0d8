/// Reading the cache's whole account list, which the gateway (role listings) and the credential
/// service (matching by account name) both need: a paging helper written by hand over the
/// generated client.
extension CacheClient {
    /// Every account the cache service knows, read page by page through `Cache.ListAccounts`.
    /// - Throws: the call's `RPCError`; `.outOfRange` when the list does not end within `maxPages`
    ///   pages (or a page repeats its cursor).
    public func allAccounts(
        pageSize: UInt32 = 1000, maxPages: Int = 1000, options: CallOptions = .defaults
    ) async throws -> [CacheAccount] {
        var accounts: [CacheAccount] = []
        var cursor = ""
        for _ in 0..<maxPages {
            let page = try await listAccounts(
                CacheListAccountsRequest(page: PageRequest(cursor: cursor, limit: pageSize)), options: options)
            accounts += page.accounts
            let next = page.page?.nextCursor ?? ""
            guard !next.isEmpty, next != cursor else { return accounts }
            cursor = next
        }
        throw RPCError(.outOfRange, "ListAccounts did not finish within \(maxPages) pages")
    }
}
