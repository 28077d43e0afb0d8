/// Why a cache operation failed, in terms a caller can act on. Descriptions name what was wrong
/// and never carry credentials.
public enum CacheError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A request parameter is unusable (named, with the reason).
    case invalidArgument(String)
    /// Nothing is cached under that name.
    case notFound(String)
    /// Redis or DynamoDB could not be used; the operation may be retried.
    case unavailable(String)
    /// Stored data could not be read back (a bug or a foreign writer).
    case corrupt(String)
    /// The operation needs something the cache does not have yet (a scope never swept).
    case notReady(String)

    public var description: String {
        switch self {
        case .invalidArgument(let reason): "invalid argument: \(reason)"
        case .notFound(let what): "not found: \(what)"
        case .unavailable(let reason): "cache unavailable: \(reason)"
        case .corrupt(let reason): "cache data unreadable: \(reason)"
        case .notReady(let reason): "cache not ready: \(reason)"
        }
    }
}
