/// The answer of `GET /api/v2/cache_status` (`can_admin` only): how the inventory cache's sweeps
/// stand, one entry per account, kind and region, the stalest first (never swept, then the
/// oldest success relative to its kind's interval), with the server's clock so ages need no
/// trust in the browser's.
public struct CacheStatusResponse: Codable, Sendable, Hashable {
    /// The gateway's clock when it answered, Unix milliseconds.
    public var nowUnixMs: Int64
    public var scopes: [CacheScopeState]

    public init(nowUnixMs: Int64, scopes: [CacheScopeState]) {
        self.nowUnixMs = nowUnixMs
        self.scopes = scopes
    }

    enum CodingKeys: String, CodingKey {
        case scopes
        case nowUnixMs = "now_unix_ms"
    }
}

/// How the sweeps of one account, kind (`iam`, `s3`, `sqs`, `sns`, `config`) and region have
/// gone. Times are Unix milliseconds, absent when never; `stale` when the last success is
/// older than twice the kind's sweep interval, or there has been none.
public struct CacheScopeState: Codable, Sendable, Hashable {
    public var accountID: String
    public var kind: String
    /// Empty for IAM and S3.
    public var region: String
    public var lastSuccessUnixMs: Int64?
    public var ageSeconds: Int64?
    public var lastDurationMs: Int64
    public var itemCount: UInt64
    /// The last failure since the last success; absent when none.
    public var lastError: String?
    public var lastErrorUnixMs: Int64?
    public var lastAttemptUnixMs: Int64?
    /// The kind's configured sweep interval, seconds.
    public var intervalSeconds: Int64
    public var stale: Bool

    public init(
        accountID: String, kind: String, region: String, lastSuccessUnixMs: Int64?, ageSeconds: Int64?,
        lastDurationMs: Int64, itemCount: UInt64, lastError: String?, lastErrorUnixMs: Int64?,
        lastAttemptUnixMs: Int64?, intervalSeconds: Int64, stale: Bool
    ) {
        self.accountID = accountID
        self.kind = kind
        self.region = region
        self.lastSuccessUnixMs = lastSuccessUnixMs
        self.ageSeconds = ageSeconds
        self.lastDurationMs = lastDurationMs
        self.itemCount = itemCount
        self.lastError = lastError
        self.lastErrorUnixMs = lastErrorUnixMs
        self.lastAttemptUnixMs = lastAttemptUnixMs
        self.intervalSeconds = intervalSeconds
        self.stale = stale
    }

    enum CodingKeys: String, CodingKey {
        case kind, region, stale
        case accountID = "account_id"
        case lastSuccessUnixMs = "last_success_unix_ms"
        case ageSeconds = "age_seconds"
        case lastDurationMs = "last_duration_ms"
        case itemCount = "item_count"
        case lastError = "last_error"
        case lastErrorUnixMs = "last_error_unix_ms"
        case lastAttemptUnixMs = "last_attempt_unix_ms"
        case intervalSeconds = "interval_seconds"
    }
}
