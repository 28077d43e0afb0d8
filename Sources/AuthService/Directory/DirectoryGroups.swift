import Logging
import Metrics

/// The Google Directory source of a user's groups, through the Redis cache when there is one:
/// a cached answer is served without asking Google unless the caller asks for a refresh; a
/// fetched answer is cached.
struct DirectoryGroups: Sendable {
    let client: GoogleDirectoryClient
    /// Nil when `google.cache_ttl_seconds` is 0.
    let cache: DirectoryGroupCache?
    let logger: Logger

    func groups(of user: String, refresh: Bool) async throws(GoogleDirectoryError)
        -> (groups: [String], source: ResolvedGroups.DirectorySource)
    {
        if !refresh, let cached = await cache?.groups(of: user) {
            Self.count("cached")
            return (cached, .cached)
        }
        let fetched: [String]
        do {
            fetched = try await client.groups(of: user)
        } catch {
            Self.count("failed")
            logger.warning("Google Directory lookup failed", metadata: ["auth.user": "\(user)", "google.error": "\(error)"])
            throw error
        }
        Self.count("fetched")
        await cache?.store(fetched, of: user)
        return (fetched, .fetched)
    }

    private static func count(_ result: String) {
        Counter(label: "portico_auth_directory_lookups_total", dimensions: [("result", result)]).increment()
    }
}
