/// One unit of work on the job stream: sweep `scope`. `id` identifies the job across deliveries
/// (a reclaimed or retried job keeps it), `sequence` orders jobs of the same scope so an older
/// sweep never replaces a newer one.
public struct SweepJob: Sendable, Hashable, Codable {
    /// Why the job was enqueued.
    public enum Reason: String, Sendable, Hashable, Codable {
        case scheduled, refresh, retry
    }

    public var id: String
    public var scope: SweepScope
    public var sequence: Int64
    /// 1 for the first attempt, counted up by retries after failures.
    public var attempt: Int
    public var reason: Reason
    /// Epoch milliseconds when the job was first enqueued.
    public var enqueuedAt: Int64

    public init(id: String, scope: SweepScope, sequence: Int64, attempt: Int = 1, reason: Reason, enqueuedAt: Int64) {
        self.id = id
        self.scope = scope
        self.sequence = sequence
        self.attempt = attempt
        self.reason = reason
        self.enqueuedAt = enqueuedAt
    }
}

/// Where a job is in its life, as its record in Redis says (`P job:<id>`).
public enum SweepJobState: String, Sendable, Hashable, Codable {
    /// On the stream (or waiting for a retry), not started.
    case queued
    case running
    /// Its generation was committed (or a newer one already was).
    case done
    /// It failed on every attempt; the scope's status names the error.
    case failed
}
