/// How the sweeps of one scope have gone: when one last succeeded, how long it took, how many
/// items it found, and the last error (cleared by the next success).
public struct SweepStatus: Sendable, Hashable, Codable {
    /// Epoch milliseconds of the last successful sweep's completion.
    public var lastSuccessAt: Int64?
    /// How long the last successful sweep took, in milliseconds.
    public var lastDurationMilliseconds: Int64?
    /// Items the last successful sweep found.
    public var itemCount: Int?
    /// Epoch milliseconds of the last attempt that ended (success or failure).
    public var lastAttemptAt: Int64?
    /// What went wrong in the last failed attempt, when it failed after the last success.
    public var lastError: String?
    public var lastErrorAt: Int64?
    /// The sequence of the generation now current.
    public var sequence: Int64?
    /// AWS calls the last successful sweep made.
    public var awsCalls: Int?

    public init(
        lastSuccessAt: Int64? = nil, lastDurationMilliseconds: Int64? = nil, itemCount: Int? = nil,
        lastAttemptAt: Int64? = nil, lastError: String? = nil, lastErrorAt: Int64? = nil, sequence: Int64? = nil,
        awsCalls: Int? = nil
    ) {
        self.lastSuccessAt = lastSuccessAt
        self.lastDurationMilliseconds = lastDurationMilliseconds
        self.itemCount = itemCount
        self.lastAttemptAt = lastAttemptAt
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
        self.sequence = sequence
        self.awsCalls = awsCalls
    }
}
