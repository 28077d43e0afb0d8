import Foundation
import Logging
import PorticoCore
import PorticoHTTP

/// Google Directory's `groups.list` for one user (`userKey`): every page, authorised by the
/// service account's access token. A token Google refuses (401) is replaced once per lookup.
struct GoogleDirectoryClient: Sendable {
    /// `google.directory_url`, e.g. `https://admin.googleapis.com/admin/directory/v1`.
    let directoryURL: String
    let tokens: GoogleAccessTokenSource
    let http: HTTPClient
    let limits: AuthServiceLimits
    let logger: Logger

    init(directoryURL: String, tokens: GoogleAccessTokenSource, http: HTTPClient, limits: AuthServiceLimits, logger: Logger) {
        var base = directoryURL
        while base.hasSuffix("/") { base.removeLast() }
        self.directoryURL = base
        self.tokens = tokens
        self.http = http
        self.limits = limits
        self.logger = logger
    }

    /// The email of every group `user` is a direct member of, in Google's order.
    func groups(of user: String) async throws(GoogleDirectoryError) -> [String] {
        var groups: [String] = []
        var pageToken: String?
        var seenPageTokens: Set<String> = []
        var replacedToken = false
        var pages = 0
        while true {
            guard pages < limits.maxDirectoryPages else { throw .tooManyPages(limit: limits.maxDirectoryPages) }
            let token = try await tokens.token()
            let response = try await fetchPage(user: user, pageToken: pageToken, token: token)
            if response.status == 401, !replacedToken {
                // Revoked or expired early: fetch another token and ask for this page again.
                replacedToken = true
                await tokens.discard(token)
                continue
            }
            guard response.isSuccess else {
                let message = GoogleErrorMessage.extract(from: response.body, redacting: [token.value])
                throw .rejected(endpoint: .directory, status: response.status, message: message)
            }
            pages += 1
            let page = try decode(response.body)
            groups += page.groups
            guard let next = page.nextPageToken, !next.isEmpty else { return groups }
            guard seenPageTokens.insert(next).inserted else {
                throw .malformedResponse(endpoint: .directory, reason: "nextPageToken repeats an earlier page")
            }
            pageToken = next
        }
    }

    private func fetchPage(user: String, pageToken: String?, token: GoogleAccessToken) async throws(GoogleDirectoryError)
        -> HTTPClient.Response
    {
        var query = "userKey=\(PercentEncoding.encode(user))&maxResults=\(limits.directoryPageSize)"
        if let pageToken { query += "&pageToken=\(PercentEncoding.encode(pageToken))" }
        let request = HTTPClient.Request(
            url: "\(directoryURL)/groups?\(query)",
            headers: ["Authorization": "Bearer \(token.value)", "Accept": "application/json"],
            maxResponseBytes: limits.maxGoogleResponseBytes)
        do {
            return try await http.execute(request)
        } catch {
            throw .unreachable(endpoint: .directory, reason: "\(error)")
        }
    }

    /// One page: `{"groups": [{"email": …}, …], "nextPageToken": …}`; `groups` is absent when
    /// the user is in none. Entries without a usable email are skipped.
    private func decode(_ body: [UInt8]) throws(GoogleDirectoryError) -> (groups: [String], nextPageToken: String?) {
        let page: Page
        do {
            page = try JSONDecoder().decode(Page.self, from: Data(body))
        } catch {
            throw .malformedResponse(endpoint: .directory, reason: "not a groups.list page")
        }
        let emails = (page.groups ?? []).compactMap(\.email).filter {
            GroupRequest.problem(with: $0, maxBytes: limits.maxGroupNameBytes) == nil
        }
        return (emails, page.nextPageToken)
    }

    private struct Page: Decodable {
        var groups: [Group]?
        var nextPageToken: String?
    }

    private struct Group: Decodable {
        var email: String?
    }
}
