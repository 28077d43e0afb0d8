/// One unit of Portico's wire protocol, as the frame decoder produces it and the frame encoder
/// writes it: the connection preface or one length-prefixed frame. `proto/README.md`
/// ("Wire format") gives the byte layout of each case.
public enum RPCFrame: Sendable, Hashable {
    /// The 8 bytes each side sends first: the magic `PORTICO` and the protocol version.
    case preface(version: UInt8)
    /// A request: method, deadline, request id, service token, metadata and message.
    case call(RPCCallFrame)
    /// The one answer to a call: a status and, when the status is OK, the response message.
    case reply(RPCReplyFrame)
    /// The caller gave up on a call; the server cancels the handler and still replies once.
    case cancel(streamID: UInt32)
    /// A liveness probe carrying 8 opaque bytes; the peer answers with a `pong` carrying them.
    case ping(UInt64)
    /// The answer to a `ping`.
    case pong(UInt64)
    /// The sender will take no new calls on this connection (and, for an error, closes it).
    case goAway(RPCGoAway)
    /// The sender's limits, so the peer can stay within them.
    case settings(RPCSettings)
    /// A frame whose header was sound but whose payload could not be parsed. Only the decoder
    /// produces it; the framing is intact, so the connection survives and the stream gets a status.
    case malformed(RPCMalformedFrame)
}

/// The frame types of the wire protocol (the second byte of every frame header).
public struct RPCFrameType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let call = RPCFrameType(rawValue: 0x01)
    public static let reply = RPCFrameType(rawValue: 0x02)
    public static let cancel = RPCFrameType(rawValue: 0x03)
    public static let ping = RPCFrameType(rawValue: 0x04)
    public static let pong = RPCFrameType(rawValue: 0x05)
    public static let goAway = RPCFrameType(rawValue: 0x06)
    public static let settings = RPCFrameType(rawValue: 0x07)

    /// Whether this version of the protocol defines the type.
    public var isKnown: Bool { (0x01...0x07).contains(rawValue) }

    /// Whether frames of this type belong to a call (nonzero stream id) rather than to the
    /// connection (stream id 0).
    public var isStreamFrame: Bool { self == .call || self == .reply || self == .cancel }

    public var description: String {
        switch self {
        case .call: "CALL"
        case .reply: "REPLY"
        case .cancel: "CANCEL"
        case .ping: "PING"
        case .pong: "PONG"
        case .goAway: "GOAWAY"
        case .settings: "SETTINGS"
        default: "TYPE_0x" + String(rawValue, radix: 16)
        }
    }
}

/// A frame with a sound header whose payload did not parse (a string running past the end of
/// the payload, invalid UTF-8, an empty method name).
public struct RPCMalformedFrame: Sendable, Hashable {
    public var type: RPCFrameType
    public var streamID: UInt32
    /// What was wrong, for the status message and logs.
    public var reason: String

    public init(type: RPCFrameType, streamID: UInt32, reason: String) {
        self.type = type
        self.streamID = streamID
        self.reason = reason
    }
}

/// The constants of the wire format: preface, header layout, flags and default limits.
public enum RPCWireFormat {
    /// The protocol version this implementation speaks, in the preface and in every header.
    public static let version: UInt8 = 1
    /// `PORTICO` in ASCII: the first 7 bytes of each side's preface.
    public static let magic: [UInt8] = Array("PORTICO".utf8)
    /// Magic plus version.
    public static let prefaceLength = 8
    /// version (1) + type (1) + flags (1) + reserved (1) + stream id (4) + payload length (4).
    public static let headerLength = 12
    /// The default largest payload a peer accepts (4 MiB); configurable on both sides.
    public static let defaultMaxFrameSize = 4 * 1024 * 1024
    /// The smallest max frame size an endpoint may set, so every control frame fits.
    public static let minimumMaxFrameSize = 1024
    /// REPLY flag: the server did not start the handler (shutting down, stream limit), so any
    /// call, idempotent or not, may be retried elsewhere.
    public static let flagNotProcessed: UInt8 = 0x01
    /// The length of a PING/PONG payload.
    public static let pingPayloadLength = 8
    /// The longest string field (a `u16` length prefix).
    public static let maxStringLength = Int(UInt16.max)
}
