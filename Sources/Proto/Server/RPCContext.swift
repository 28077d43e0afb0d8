public import Logging

/// What a server handler knows about the call it is serving: who called (from the verified
/// service token), the request id for tracing, the caller's metadata and deadline. Handlers
/// pass `deadline` and `requestID` on (`CallOptions(propagating:)`) when they call further.
public struct RPCContext: Sendable {
    /// The method's wire name.
    public let method: String
    /// The authenticated caller.
    public let caller: RPCCaller
    /// The caller's request id.
    public let requestID: String
    /// The caller's metadata.
    public let metadata: RPCMetadata
    /// When the caller stops waiting; the handler's task is cancelled then. Nil without one.
    public let deadline: ContinuousClock.Instant?
    /// A logger carrying the method, request id and caller as metadata.
    public let logger: Logger

    public init(
        method: String, caller: RPCCaller, requestID: String, metadata: RPCMetadata,
        deadline: ContinuousClock.Instant?, logger: Logger
    ) {
        self.method = method
        self.caller = caller
        self.requestID = requestID
        self.metadata = metadata
        self.deadline = deadline
        self.logger = logger
    }
}
