/// How one client call is made: its deadline, request id and metadata.
public struct CallOptions: Sendable {
    /// How long the call may take from when it starts; nil for no relative limit.
    public var timeout: Duration?
    /// An absolute deadline, usually a handler's `RPCContext.deadline` passed on; the call
    /// ends at the earlier of this and `timeout`.
    public var deadline: ContinuousClock.Instant?
    /// The tracing id sent with the call; nil makes a fresh one.
    public var requestID: String?
    /// Key/value pairs sent with the call.
    public var metadata: RPCMetadata

    public init(
        timeout: Duration? = .seconds(30), deadline: ContinuousClock.Instant? = nil,
        requestID: String? = nil, metadata: RPCMetadata = [:]
    ) {
        self.timeout = timeout
        self.deadline = deadline
        self.requestID = requestID
        self.metadata = metadata
    }

    /// Options for a call made while serving `context`: its deadline and request id carry over.
    public init(propagating context: RPCContext, timeout: Duration? = nil, metadata: RPCMetadata = [:]) {
        self.init(timeout: timeout, deadline: context.deadline, requestID: context.requestID, metadata: metadata)
    }

    /// A 30-second timeout, a fresh request id, no metadata.
    public static var defaults: CallOptions { CallOptions() }

    /// The deadline of a call starting at `start`, if it has one.
    func effectiveDeadline(startingAt start: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        let relative = timeout.map { start + $0 }
        switch (relative, deadline) {
        case (let relative?, let absolute?): return min(relative, absolute)
        case (let relative?, nil): return relative
        case (nil, let absolute): return absolute
        }
    }
}
