public import NIOCore

/// A REPLY frame: the single answer to a call, a canonical status and, for OK, the response.
public struct RPCReplyFrame: Sendable, Hashable {
    /// The stream id of the call this answers.
    public var streamID: UInt32
    public var status: RPCError.Code
    /// Written for the caller; empty for OK.
    public var statusMessage: String
    /// Set when the server never started the handler (so any call may safely be retried).
    public var isNotProcessed: Bool
    /// The protobuf-encoded response; empty unless the status is OK.
    public var message: ByteBuffer

    public init(
        streamID: UInt32, status: RPCError.Code, statusMessage: String = "",
        isNotProcessed: Bool = false, message: ByteBuffer = ByteBuffer()
    ) {
        self.streamID = streamID
        self.status = status
        self.statusMessage = statusMessage
        self.isNotProcessed = isNotProcessed
        self.message = message
    }

    /// A failed reply carrying `error`.
    public init(streamID: UInt32, error: RPCError, isNotProcessed: Bool = false) {
        self.init(streamID: streamID, status: error.code, statusMessage: error.message, isNotProcessed: isNotProcessed)
    }
}
