/// A violation of the wire protocol that the connection cannot survive: the bytes no longer
/// line up with frames, or the peer does not speak the protocol. The frame decoder throws it
/// as soon as a preface or frame header shows it (before any payload is buffered); the
/// `RPCProtocolErrorHandler` answers with a GOAWAY naming it and closes the connection.
public enum RPCProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The first bytes were not `PORTICO`.
    case badPreface
    /// The preface or a frame header carried a version other than ours.
    case unsupportedVersion(UInt8)
    /// A frame header carried a type this version does not define.
    case unknownFrameType(UInt8)
    /// A frame header declared a payload above the max frame size.
    case frameTooLarge(length: UInt32, maxFrameSize: Int)
    /// A call frame on stream 0, or a connection frame on a nonzero stream.
    case invalidStreamID(type: RPCFrameType, streamID: UInt32)
    /// A control frame whose payload cannot have the declared length (PING not 8 bytes...).
    case invalidLength(type: RPCFrameType, length: UInt32)
    /// A control frame (GOAWAY, SETTINGS) whose payload did not parse.
    case malformedControlFrame(type: RPCFrameType, reason: String)
    /// A peer broke the call protocol (e.g. a REPLY sent to a server, a reused stream id).
    case unexpectedFrame(type: RPCFrameType, reason: String)

    /// The GOAWAY that reports this error to the peer.
    public var goAway: RPCGoAway {
        switch self {
        case .unsupportedVersion(let version):
            RPCGoAway(code: .unsupportedVersion,
                      reason: "unsupported protocol version \(version), this endpoint speaks \(RPCWireFormat.version)")
        case .frameTooLarge(let length, let maxFrameSize):
            RPCGoAway(code: .frameTooLarge, reason: "frame payload of \(length) bytes exceeds the maximum of \(maxFrameSize)")
        default:
            RPCGoAway(code: .protocolError, reason: description)
        }
    }

    public var description: String {
        switch self {
        case .badPreface: "connection preface is not PORTICO"
        case .unsupportedVersion(let version): "unsupported protocol version \(version)"
        case .unknownFrameType(let type): "unknown frame type 0x\(String(type, radix: 16))"
        case .frameTooLarge(let length, let max): "frame payload of \(length) bytes exceeds the maximum of \(max)"
        case .invalidStreamID(let type, let streamID): "\(type) frame on invalid stream \(streamID)"
        case .invalidLength(let type, let length): "\(type) frame with invalid payload length \(length)"
        case .malformedControlFrame(let type, let reason): "malformed \(type) frame: \(reason)"
        case .unexpectedFrame(let type, let reason): "unexpected \(type) frame: \(reason)"
        }
    }
}
