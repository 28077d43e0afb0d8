/// Bounds on what the AuthService accepts from callers and from Google, so bad or hostile input
/// gives a typed error instead of unbounded work or memory.
public struct AuthServiceLimits: Sendable {
    /// The longest user identifier (an email address) accepted, in UTF-8 bytes.
    public var maxUserBytes = 320
    /// The longest group name accepted from token claims, in UTF-8 bytes.
    public var maxGroupNameBytes = 512
    /// How many groups the token claims may carry.
    public var maxClaimedGroups = 2000
    /// How many `groups.list` pages one lookup follows (`maxResults` groups each).
    public var maxDirectoryPages = 50
    /// `maxResults` asked of `groups.list` (Google allows at most 200).
    public var directoryPageSize = 200
    /// The largest response accepted from Google's token and Directory endpoints.
    public var maxGoogleResponseBytes = 1024 * 1024
    /// The largest cached group list read back from Redis; a larger value counts as a miss.
    public var maxCachedValueBytes = 1024 * 1024

    public init() {}

    /// 320-byte users, 512-byte group names, 2,000 claimed groups, 50 pages of 200, 1 MiB responses.
    public static var defaults: AuthServiceLimits { AuthServiceLimits() }
}
