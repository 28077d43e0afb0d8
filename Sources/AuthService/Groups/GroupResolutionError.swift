/// Why one person's groups could not be resolved. Descriptions name what was wrong and never
/// carry a key or token.
public enum GroupResolutionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The user identifier is unusable (empty, too long, whitespace or control characters).
    case invalidUser(reason: String)
    /// The claimed group at `index` is unusable.
    case invalidClaimedGroup(index: Int, reason: String)
    /// The token claims more groups than accepted.
    case tooManyClaimedGroups(count: Int, limit: Int)
    /// Google Directory could not be asked or refused the lookup.
    case directory(GoogleDirectoryError)

    public var description: String {
        switch self {
        case .invalidUser(let reason): "invalid user: \(reason)"
        case .invalidClaimedGroup(let index, let reason): "invalid claimed group at index \(index): \(reason)"
        case .tooManyClaimedGroups(let count, let limit): "the token claims \(count) groups; at most \(limit) are accepted"
        case .directory(let error): "Google Directory lookup failed: \(error)"
        }
    }
}
